using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Pipeline;
using GroundedSam.Inference.Sam2;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>The committed tiny models on real ONNX Runtime CPU sessions, opened once for a test class.</summary>
public sealed class TinyPipeline : IDisposable
{
    public TinyPipeline()
    {
        Paths = new ModelPaths(Repository.TinyModels);
        var sessions = new OnnxSessionFactory(new ExecutionOptions { PreferCuda = false });
        Detector = GroundingDinoDetector.Open(Paths.GroundingDino, Paths.Vocabulary, sessions);
        Segmenter = Sam2Segmenter.Open(Paths.Sam2Encoder, Paths.Sam2Decoder, sessions);
        Pipeline = new GroundedSegmenter(Detector, Segmenter, new PhotoDecoder());
    }

    public ModelPaths Paths { get; }

    public GroundingDinoDetector Detector { get; }

    public Sam2Segmenter Segmenter { get; }

    public GroundedSegmenter Pipeline { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Segmenter.Dispose();
    }
}
