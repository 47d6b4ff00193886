using System.Diagnostics;
using GroundedSam.Cli.Batches;
using GroundedSam.Testing;

namespace GroundedSam.Cli.Tests.Batches;

public sealed class JobIdsTests
{
    [Fact]
    public void For_SameBatchAndPhoto_SameIdAndOtherwiseAnother()
    {
        var batch = Guid.NewGuid();

        Assert.Equal(JobIds.For(batch, "desk.jpg"), JobIds.For(batch, "desk.jpg"));
        Assert.NotEqual(JobIds.For(batch, "desk.jpg"), JobIds.For(batch, "team/desk.jpg"));
        Assert.NotEqual(JobIds.For(batch, "desk.jpg"), JobIds.For(Guid.NewGuid(), "desk.jpg"));
    }

    [Fact]
    public void NameBased_RfcExample_IsTheRfcsUuid()
    {
        // RFC 9562 Appendix A.4: "www.example.com" in the DNS namespace.
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), JobIds.NameBased(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
    }

    [Fact]
    public async Task For_AnyName_IsWhatPythonsUuid5Gives()
    {
        var batch = Guid.NewGuid();
        string[] photos = ["desk.jpg", "team/Schreibtisch ü.jpeg", "日本/机.png"];
        var script = "import sys, uuid\nfor name in sys.argv[2:]: print(uuid.uuid5(uuid.UUID(sys.argv[1]), name), uuid.uuid5(uuid.UUID(sys.argv[1]), name).version)";
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script, JobIds.Namespace.ToString(), .. photos.Select(p => $"{batch:N}/{p}")]);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        await using var python = ProgramProcess.Start(start);

        Assert.Equal(0, await python.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var lines = python.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(photos.Select(p => $"{JobIds.For(batch, p)} 5"), lines);
    }
}
