using GroundedSam.Cli.Folders;

namespace GroundedSam.Cli.Tests.Folders;

public sealed class SafeRelativePathTests
{
    [Theory]
    [InlineData("masks/monitor-1.png", true)]
    [InlineData("detections.json", true)]
    [InlineData("../x", false)]
    [InlineData("masks/../../x", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("masks//x.png", false)]
    [InlineData("masks\\x.png", false)]
    [InlineData("C:x.png", false)]
    [InlineData(".gsam-files", false)]
    [InlineData("masks/x\u001b.png", false)]
    [InlineData("", false)]
    public void IsSafe_Path_AllowsOnlyPlainRelativeNames(string path, bool safe) => Assert.Equal(safe, SafeRelativePath.IsSafe(path));
}
