using GroundedSam.Cli.Folders;

namespace GroundedSam.Cli.Tests.Folders;

public sealed class OutputNamesTests
{
    [Theory]
    [InlineData("...jpg", "photo")]
    [InlineData("..jpg", "photo")]
    [InlineData(".jpg", "_jpg")]
    [InlineData("..hidden.jpg", "__hidden")]
    [InlineData("desk-1.jpg", "desk-1")]
    [InlineData("team/desk-2.jpg", "team_desk-2")]
    [InlineData("../../victim.jpg", "victim")]
    [InlineData("a/./../b.jpg", "a_b")]
    [InlineData("a\\b.jpg", "a_b")]
    [InlineData("a:b*c?.jpg", "a_b_c_")]
    [InlineData("trailing. .jpg", "trailing")]
    [InlineData("CON.jpg", "_CON")]
    [InlineData("esc\u001b[31m.jpg", "esc_[31m")]
    [InlineData("rtl\u202Egpj.exe.jpg", "rtl_gpj.exe")]
    [InlineData("bureau/écran.png", "bureau_écran")]
    public void For_HostileName_IsOnePlainFolderName(string relative, string expected)
    {
        var name = OutputNames.For(relative);

        Assert.Equal(expected, name);
        Assert.True(OutputNames.IsSafe(name));
    }

    [Fact]
    public void Assign_NamesThatCollide_GetDistinctFoldersInPathOrder()
    {
        var names = OutputNames.Assign(["a.jpg", "a/masks.jpg", "a_masks.jpg", "A.png", "a.png", "b.jpg"]);

        Assert.Equal(["a~2", "a_masks", "a_masks~2", "A", "a~3", "b"], names);
    }

    [Fact]
    public void Assign_NamesOfTheFilesBesideTheFolders_AreNeverAPhotosFolder()
    {
        var names = OutputNames.Assign(["index.html.jpg", "INDEX.HTML.png", "failures.json.jpg"]);

        Assert.Equal(["index.html~3", "INDEX.HTML~2", "failures.json~2"], names);
    }

    [Fact]
    public void Assign_VeryLongNames_StayUnderTheLimitAndApart()
    {
        var stem = new string('x', 300);
        var names = OutputNames.Assign([stem + "1.jpg", stem + "2.jpg"]);

        Assert.All(names, n => Assert.True(System.Text.Encoding.UTF8.GetByteCount(n) <= OutputNames.MaxBytes, n));
        Assert.NotEqual(names[0], names[1]);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("tab\there")]
    public void IsSafe_PathLikeOrHiddenName_IsFalse(string name) => Assert.False(OutputNames.IsSafe(name));
}
