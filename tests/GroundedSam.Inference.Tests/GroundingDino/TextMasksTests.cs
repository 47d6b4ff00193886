using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Tests.TestSupport;

namespace GroundedSam.Inference.Tests.GroundingDino;

public sealed class TextMasksTests
{
    [Fact]
    public void Build_DeskPrompt_PositionsRestartAfterEachSpecialToken()
    {
        // [CLS] monitor . keyboard . mouse . [SEP]
        var (positions, _) = TextMasks.Build([101, 8080, 1012, 9019, 1012, 8000, 1012, 102]);

        Assert.Equal([0, 0, 1, 0, 1, 0, 1, 0], positions);
    }

    [Fact]
    public void Build_DeskPrompt_MaskIsBlockDiagonalOverPhraseAndItsDot()
    {
        // Spec §1.3: [CLS] and [SEP] attend to themselves; each phrase attends to itself and its closing ".".
        var (_, mask) = TextMasks.Build([101, 8080, 1012, 9019, 1012, 8000, 1012, 102]);

        Assert.Equal(BlockDiagonal(8, [0], [1, 2], [3, 4], [5, 6], [7]), mask);
    }

    [Fact]
    public void Build_MultiPieceWord_CountsPositionsAcrossPieces()
    {
        // [CLS] desk ##mat . [SEP]: "deskmat" is two pieces, so the dot is at position 2 of its phrase.
        var (positions, mask) = TextMasks.Build([101, 4624, 18900, 1012, 102]);

        Assert.Equal([0, 0, 1, 2, 0], positions);
        Assert.Equal(BlockDiagonal(5, [0], [1, 2, 3], [4]), mask);
    }

    [Fact]
    public void Build_QuestionMark_ClosesAPhraseLikeADot()
    {
        // 1029 "?" is special for the masks (spec §1.3) though not a category separator.
        var (positions, mask) = TextMasks.Build([101, 2054, 1029, 8080, 1012, 102]);

        Assert.Equal([0, 0, 1, 0, 1, 0], positions);
        Assert.Equal(BlockDiagonal(6, [0], [1, 2], [3, 4], [5]), mask);
    }

    [Fact]
    public void Build_TokenizerOutput_AgreesWithHandWrittenIds()
    {
        var ids = TinyTokenizer.Tokenize("desk. deskmat. laptop. speaker.").InputIds;

        var (positions, _) = TextMasks.Build(ids);

        // [CLS] desk . desk ##mat . laptop . speaker . [SEP]
        Assert.Equal([0, 0, 1, 0, 1, 2, 0, 1, 0, 1, 0], positions);
    }

    private static bool[] BlockDiagonal(int length, params int[][] blocks)
    {
        var mask = new bool[length * length];
        foreach (var block in blocks)
        {
            foreach (var row in block)
            {
                foreach (var col in block)
                {
                    mask[(row * length) + col] = true;
                }
            }
        }

        return mask;
    }
}
