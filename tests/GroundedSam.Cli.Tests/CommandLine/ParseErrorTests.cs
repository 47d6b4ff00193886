namespace GroundedSam.Cli.Tests.CommandLine;

/// <summary>A mistyped command line, as a newcomer types it: exit code 2, the mistake in words, where the usage is.</summary>
public sealed class ParseErrorTests
{
    [Theory]
    [InlineData(new[] { "run", "photos", "--prompt", "monitor.", "--out", "o", "--polarity", "sideways" }, "'sideways' for --polarity is not one of ObjectsWhite, ObjectsBlack.", "gsam run --help")]
    [InlineData(new[] { "segment", "photos", "--prompt", "monitor.", "--out", "o", "--dilate", "abc" }, "'abc' for --dilate is not a whole number.", "gsam segment --help")]
    [InlineData(new[] { "run", "photos", "--prompt", "monitor.", "--out", "o", "--box-threshold", "high" }, "'high' for --box-threshold is not a number.", "gsam run --help")]
    [InlineData(new[] { "status", "not-a-batch" }, "'not-a-batch' for <batch> is not an id such as", "gsam status --help")]
    [InlineData(new[] { "errors", "replay", "segment-image", "--job", "x" }, "'x' for --job is not an id such as", "gsam errors replay --help")]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'", "gsam --help")]
    public async Task Parse_Mistake_ExitsTwoSayingWhatIsWrongInWords(string[] args, string said, string usage)
    {
        var (exit, output) = await Gsam.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(said, output, StringComparison.Ordinal);
        Assert.Contains($"Usage: {usage}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("GroundedSam.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2,3")]
    [InlineData("0.9,0,0.1,1")]
    public async Task Run_RegionOutOfShape_SaysSoWithoutADotNetParameterName(string region)
    {
        var (exit, output) = await Gsam.RunAsync("run", Gsam.TinyModels, "--prompt", "monitor.", "--out", "o", "--region", region, "--models", Gsam.TinyModels);

        Assert.Equal(2, exit);
        Assert.Contains("region", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", output, StringComparison.Ordinal);
    }
}
