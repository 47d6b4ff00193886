using GroundedSam.Inference.Imaging;
using GroundedSam.Testing.Hostile;

namespace GroundedSam.Inference.Tests.Imaging;

/// <summary>
/// The hostile-image corpus through <see cref="PhotoDecoder"/>: every file ends as the named problem it deserves or
/// as a decoded photo, within bounded memory (managed allocations of the decoding thread) and time (the timeout).
/// </summary>
public sealed class HostileImageTests
{
    /// <summary>Managed bytes one decode may allocate beyond its file and its pixels: the bombs would need gigabytes.</summary>
    private const long AllocationAllowance = 64L << 20;

    private readonly PhotoDecoder _decoder = new();

    public static TheoryData<string> Names => [.. ImageCorpus.Entries.Select(e => e.Name)];

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Names))]
    public async Task Decode_CorpusFile_EndsAsExpected(string name)
    {
        var entry = ImageCorpus.Get(name);
        var data = entry.Make();

        var (outcome, allocated) = await Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = Outcome(data);
            return (result, GC.GetAllocatedBytesForCurrentThread() - before);
        }, TestContext.Current.CancellationToken);

        Assert.Equal((entry.Expected, true), (outcome.Kind, outcome.Text.Contains(entry.Detail, StringComparison.Ordinal)));
        Assert.True(allocated < data.Length + AllocationAllowance, $"{name}: {allocated:N0} managed bytes allocated ({outcome.Text})");
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyKindsOfBadInput()
    {
        Assert.True(ImageCorpus.Entries.Count(e => e.Expected != "Decodes" || !e.Name.StartsWith("real-", StringComparison.Ordinal)) >= 30);
    }

    private (string Kind, string Text) Outcome(byte[] data)
    {
        try
        {
            using var image = _decoder.Decode(data);
            return ("Decodes", $"{image.Width}×{image.Height}");
        }
        catch (ImageRejectedException ex)
        {
            return (ex.Problem.ToString(), ex.Message);
        }
    }
}
