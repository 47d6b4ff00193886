using GroundedSam.Cli.Folders;
using GroundedSam.Inference.Imaging;

namespace GroundedSam.Cli.Tests.Folders;

public sealed class PhotoReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gsam-read-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task Read_Fifo_IsRefusedWithoutOpeningIt()
    {
        var fifo = Path.Combine(_root, "fifo.jpg");
        SpecialFiles.Fifo(fifo);

        var ex = await Task.Run(() => Assert.Throws<ImageRejectedException>(() => PhotoReader.Read(fifo, 1 << 20)), TestContext.Current.CancellationToken);

        Assert.Contains("not a regular file (a FIFO, device or socket)", ex.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Read_LinkToDevZero_IsRefusedWithoutReading()
    {
        var zero = Path.Combine(_root, "zero.jpg");
        SpecialFiles.LinkToZeroDevice(zero);

        var ex = await Task.Run(() => Assert.Throws<ImageRejectedException>(() => PhotoReader.Read(zero, 1 << 20)), TestContext.Current.CancellationToken);

        Assert.Contains("not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LinkLoop_IsNamed()
    {
        var loop = Path.Combine(_root, "loop.jpg");
        SpecialFiles.SelfLink(loop);

        var ex = Assert.Throws<ImageRejectedException>(() => PhotoReader.Read(loop, 1 << 20));

        Assert.Contains("loops", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DanglingLink_IsNamed()
    {
        var link = Path.Combine(_root, "gone.jpg");
        File.CreateSymbolicLink(link, Path.Combine(_root, "missing.jpg"));

        var ex = Assert.Throws<ImageRejectedException>(() => PhotoReader.Read(link, 1 << 20));

        Assert.Contains("which is not a file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileOverTheLimit_IsTooLargeFromItsSize()
    {
        var big = Path.Combine(_root, "big.jpg");
        File.WriteAllBytes(big, new byte[2048]);

        var ex = Assert.Throws<ImageRejectedException>(() => PhotoReader.Read(big, 1024));

        Assert.Equal(ImageProblem.TooLarge, ex.Problem);
    }

    [Fact]
    public void Read_LinkToARegularFile_ReadsIt()
    {
        var target = Path.Combine(_root, "real.jpg");
        File.WriteAllBytes(target, [1, 2, 3]);
        File.CreateSymbolicLink(Path.Combine(_root, "link.jpg"), "real.jpg");

        Assert.Equal([1, 2, 3], PhotoReader.Read(Path.Combine(_root, "link.jpg"), 1024));
    }
}
