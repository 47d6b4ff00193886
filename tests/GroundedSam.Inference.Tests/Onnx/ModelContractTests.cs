using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Sam2;
using GroundedSam.Inference.Tests.TestSupport;

namespace GroundedSam.Inference.Tests.Onnx;

public sealed class ModelContractTests
{
    private static readonly ModelPaths Tiny = new(Repository.TinyModels);
    private static readonly OnnxSessionFactory Sessions = new(new ExecutionOptions { PreferCuda = false });

    [Fact]
    public void GroundingDinoDetector_OnSam2EncoderFile_ThrowsListingExpectedAndFoundNames()
    {
        using var session = Sessions.Open(Tiny.Sam2Encoder);

        var ex = Assert.Throws<ModelContractException>(() => new GroundingDinoDetector(session, TinyTokenizer.Instance, Tiny.Sam2Encoder));

        Assert.Contains(Tiny.Sam2Encoder, ex.Message, StringComparison.Ordinal);
        // Expected: both Grounding DINO contracts, with their inputs.
        Assert.Contains("pixel_values float32[rank 4]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("input_ids int64[rank 2]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pixel_mask int64[rank 3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("text_token_mask bool[rank 3]", ex.Message, StringComparison.Ordinal);
        // Found: the encoder's own outputs.
        Assert.Contains("image_embeddings.0 float32[", ex.Message, StringComparison.Ordinal);
        Assert.Contains("image_embeddings.2 float32[", ex.Message, StringComparison.Ordinal);
        Assert.Contains("models/manifest.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sam2Segmenter_WithEncoderAndDecoderSwapped_ThrowsModelContractException()
    {
        using var encoder = Sessions.Open(Tiny.Sam2Encoder);
        using var decoder = Sessions.Open(Tiny.Sam2Decoder);

        var ex = Assert.Throws<ModelContractException>(() => new Sam2Segmenter(decoder, encoder, Tiny.Sam2Decoder, Tiny.Sam2Encoder));

        Assert.Contains(Tiny.Sam2Decoder, ex.Message, StringComparison.Ordinal);
        Assert.Contains("iou_scores", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_TinyDetector_MatchesTheHuggingFaceContract()
    {
        using var session = Sessions.Open(Tiny.GroundingDino);

        var contract = ModelContract.Require(session, Tiny.GroundingDino, GroundingDinoContracts.SixInput, GroundingDinoContracts.HuggingFace);

        Assert.Same(GroundingDinoContracts.HuggingFace, contract);
        Assert.False(GroundingDinoContracts.SixInput.IsSatisfiedBy(session));
    }
}
