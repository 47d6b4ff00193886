using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Tests.TestSupport;

namespace GroundedSam.Inference.Tests.GroundingDino;

public sealed class DetectionDecoderTests
{
    // [CLS] monitor . keyboard . mouse . [SEP]
    //   0      1    2     3     4   5   6   7
    private const int Stride = 256;
    private const int Width = 640;
    private const int Height = 480;
    private static readonly TokenizedPrompt Desk = TinyTokenizer.Tokenize("monitor. keyboard. mouse.");
    private static readonly DetectionThresholds Defaults = new();

    [Fact]
    public void Decode_TwoCategoriesAboveTextThreshold_OneLabelFromTheBestToken()
    {
        // keyboard (token 3) and mouse (token 5) both pass the text threshold; the best token is mouse's.
        var logits = Logits(1);
        logits[3] = 2.0f;
        logits[5] = 2.5f;

        var detection = Assert.Single(Decode(logits, CenterBoxes(1)));

        Assert.Equal(2, detection.CategoryIndex);
        Assert.Equal("mouse", detection.Label);
        Assert.Equal(1 / (1 + Math.Exp(-2.5)), detection.Score, 6); // sigmoid(2.5) = 0.924142
    }

    [Fact]
    public void Decode_BelowBoxThreshold_IsDropped()
    {
        // sigmoid(-0.7) = 0.332 < 0.35.
        var logits = Logits(1);
        logits[1] = -0.7f;

        Assert.Empty(Decode(logits, CenterBoxes(1)));
    }

    [Fact]
    public void Decode_JustAboveBoxThreshold_IsKept()
    {
        // sigmoid(-0.6) = 0.354 > 0.35.
        var logits = Logits(1);
        logits[1] = -0.6f;

        Assert.Equal("monitor", Assert.Single(Decode(logits, CenterBoxes(1))).Label);
    }

    [Fact]
    public void Decode_ProbabilityEqualToBoxThreshold_IsNotKept()
    {
        // sigmoid(0) is exactly 0.5: the box threshold is exceeded only strictly.
        var logits = Logits(1);
        logits[1] = 0f;

        Assert.Empty(Decode(logits, CenterBoxes(1), new DetectionThresholds { Box = 0.5f }));
        Assert.Single(Decode(logits, CenterBoxes(1), new DetectionThresholds { Box = 0.49f }));
    }

    [Fact]
    public void Decode_BestTokenIsCls_HasNoCategory_ReferencePhraseSkipsCls()
    {
        var logits = Logits(1);
        logits[0] = 5f;
        logits[1] = 3f; // monitor passes both thresholds but is not the best token

        var detection = Assert.Single(Decode(logits, CenterBoxes(1)));

        Assert.False(detection.HasCategory);
        Assert.Equal("monitor", detection.Phrase); // get_phrases_from_posmap clears index 0
    }

    [Fact]
    public void Decode_BestTokenIsSep_HasNoCategory_ReferencePhraseKeepsSepAsWritten()
    {
        var logits = Logits(1);
        logits[7] = 5f;
        logits[5] = 3f;

        var detection = Assert.Single(Decode(logits, CenterBoxes(1)));

        Assert.False(detection.HasCategory);
        Assert.Equal("mouse [SEP]", detection.Phrase); // tokenizer.decode keeps special tokens
    }

    [Fact]
    public void Decode_LogitsPastThePrompt_AreIgnored()
    {
        // The real export writes −inf past the prompt; even a large value there must not be read as a token.
        var logits = Logits(1);
        logits[1] = 1f;
        logits[8] = 9f;
        logits[200] = 9f;

        var detection = Assert.Single(Decode(logits, CenterBoxes(1)));

        Assert.Equal("monitor", detection.Label);
        Assert.Equal(1 / (1 + Math.Exp(-1)), detection.Score, 6);
    }

    [Fact]
    public void Decode_BestTokenIsTheClosingDot_CategoryBelowTextThreshold_HasNoCategoryAndAnEmptyPhrase()
    {
        // The "." after keyboard (token 4) has the highest logit, so the query falls in keyboard's span [3, 4), whose
        // only token scores sigmoid(-3) = 0.047 < 0.25. The reference keeps such a box with an empty phrase (the "."
        // is its only token above the text threshold, and dots are deleted); by default it is dropped.
        var logits = Logits(1);
        logits[4] = 1f;
        logits[3] = -3f;

        var detection = Assert.Single(Decode(logits, CenterBoxes(1)));

        Assert.False(detection.HasCategory);
        Assert.Equal(string.Empty, detection.Phrase);
    }

    [Fact]
    public void Decode_BestTokenIsTheClosingDot_CategoryAboveTextThreshold_TakesThatCategory()
    {
        // Same as above with keyboard at sigmoid(-0.5) = 0.378 > 0.25; the score is the dot's, sigmoid(1).
        var logits = Logits(1);
        logits[4] = 1f;
        logits[3] = -0.5f;

        var detection = Assert.Single(Decode(logits, CenterBoxes(1)));

        Assert.Equal("keyboard", detection.Label);
        Assert.Equal(1 / (1 + Math.Exp(-1)), detection.Score, 6);
    }

    [Fact]
    public void Decode_BestTokenAboveBoxButNotTextThreshold_HasNoCategory()
    {
        // With text 0.6 above box 0.35: mouse at sigmoid(0) = 0.5 passes the box threshold but not the text one;
        // at sigmoid(0.5) = 0.622 it passes both.
        var thresholds = new DetectionThresholds { Box = 0.35f, Text = 0.6f };
        var logits = Logits(1);
        logits[5] = 0f;
        Assert.False(Assert.Single(Decode(logits, CenterBoxes(1), thresholds)).HasCategory);

        logits[5] = 0.5f;
        Assert.Equal("mouse", Assert.Single(Decode(logits, CenterBoxes(1), thresholds)).Label);
    }

    [Fact]
    public void Decode_BoxPastTheRightEdge_IsClippedToTheImage()
    {
        // cx 0.95, w 0.2: x from 0.85·640 = 544 to 1.05·640 = 672, clipped to 640; y from 0.4·480 = 192 to 0.6·480 = 288.
        var logits = Logits(1);
        logits[1] = 2f;

        var box = Assert.Single(Decode(logits, [0.95f, 0.5f, 0.2f, 0.2f])).Box;

        Assert.Equal(544f, box.X1, 2);
        Assert.Equal(192f, box.Y1, 2);
        Assert.Equal(640f, box.X2);
        Assert.Equal(288f, box.Y2, 2);
    }

    [Fact]
    public void Decode_BoxEntirelyOutsideTheImage_ReportedBoxIsEmpty_PromptBoxAsDecoded()
    {
        // cx 1.2, w 0.2: x from 1.1·640 to 1.3·640, clipped to an empty box at x = 640.
        var logits = Logits(1);
        logits[1] = 2f;

        var detection = Assert.Single(Decode(logits, [1.2f, 0.5f, 0.2f, 0.2f]));

        Assert.Equal(0f, detection.Box.Area);
        Assert.Equal(704f, detection.PromptBox.X1, 2);
        Assert.Equal(832f, detection.PromptBox.X2, 2);
    }

    [Fact]
    public void Decode_TwoCategoriesAboveTextThreshold_ReferencePhraseMergesThem()
    {
        // The seed page's "car tire" case: remove_combined=False joins every token above the text threshold.
        var logits = Logits(1);
        logits[3] = 2.0f;
        logits[5] = 2.5f;

        var detection = Assert.Single(Decode(logits, CenterBoxes(1)));

        Assert.Equal("mouse", detection.Label);
        Assert.Equal("keyboard mouse", detection.AsReference().Label);
    }

    [Fact]
    public void Decode_WordPieces_ReferencePhraseGluesThemAndDeletesDots()
    {
        // [CLS] desk . desk ##mat . [SEP]: tokens 1 to 4 pass, so the phrase decodes as "desk. deskmat" without its dot.
        var prompt = TinyTokenizer.Tokenize("desk. deskmat.");
        var logits = new float[Stride];
        Array.Fill(logits, -10f);
        logits[1] = 1f;
        logits[2] = 1f;
        logits[3] = 1f;
        logits[4] = 2f;

        var detection = Assert.Single(DetectionDecoder.Decode(logits, CenterBoxes(1), 1, Stride, prompt, Defaults, Width, Height));

        Assert.Equal("desk deskmat", detection.Phrase);
        Assert.Equal("deskmat", detection.Label);
    }

    [Fact]
    public void Decode_PositionsFrom255On_AreLeftOutOfTheReferencePhrase()
    {
        // 127 × "a." is 254 tokens between [CLS] and [SEP]: [SEP] stands at 255, which get_phrases_from_posmap clears.
        var prompt = TinyTokenizer.Tokenize(string.Join(' ', Enumerable.Repeat("a.", 127)));
        Assert.Equal(256, prompt.Length);
        var logits = new float[Stride];
        Array.Fill(logits, -10f);
        logits[1] = 2f;
        logits[254] = 1f; // the last "." passes too, and is deleted
        logits[255] = 3f;

        var detection = Assert.Single(DetectionDecoder.Decode(logits, CenterBoxes(1), 1, Stride, prompt, Defaults, Width, Height));

        Assert.Equal("a", detection.Phrase);
    }

    [Fact]
    public void Decode_NoQueryAboveThreshold_ReturnsEmptyList()
    {
        Assert.Empty(Decode(Logits(900), CenterBoxes(900)));
    }

    [Fact]
    public void Decode_SeveralQueries_KeepsQueryOrderAndEachQuerysBox()
    {
        var logits = Logits(4);
        logits[(0 * Stride) + 5] = 1f; // mouse
        logits[(1 * Stride) + 1] = -5f; // below threshold
        logits[(2 * Stride) + 1] = 2f; // monitor
        logits[(3 * Stride) + 3] = 3f; // keyboard
        float[] boxes =
        [
            0.25f, 0.25f, 0.5f, 0.5f,
            0.5f, 0.5f, 0.5f, 0.5f,
            0.5f, 0.5f, 1f, 1f,
            0.75f, 0.75f, 0.5f, 0.5f,
        ];

        var detections = Decode(logits, boxes);

        Assert.Equal(["mouse", "monitor", "keyboard"], detections.Select(d => d.Label));
        Assert.Equal(new Box(0, 0, 320, 240), detections[0].Box);
        Assert.Equal(new Box(0, 0, 640, 480), detections[1].Box);
        Assert.Equal(new Box(320, 240, 640, 480), detections[2].Box);
    }

    private static List<Detection> Decode(float[] logits, float[] boxes, DetectionThresholds? thresholds = null) =>
        DetectionDecoder.Decode(logits, boxes, boxes.Length / 4, Stride, Desk, thresholds ?? Defaults, Width, Height);

    // Every prompt token of every query at −10 (probability 0.00005), positions past the prompt at −inf.
    private static float[] Logits(int queries)
    {
        var logits = new float[queries * Stride];
        for (var q = 0; q < queries; q++)
        {
            logits.AsSpan(q * Stride, Desk.Length).Fill(-10f);
            logits.AsSpan((q * Stride) + Desk.Length, Stride - Desk.Length).Fill(float.NegativeInfinity);
        }

        return logits;
    }

    private static float[] CenterBoxes(int queries)
    {
        var boxes = new float[queries * 4];
        for (var q = 0; q < queries; q++)
        {
            boxes.AsSpan(q * 4, 4).Fill(0.5f);
        }

        return boxes;
    }
}
