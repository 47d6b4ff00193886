using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Models;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Sam2;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>The committed tiny models on real ONNX Runtime CPU sessions, opened once for a test class.</summary>
public sealed class TinyPipeline : IDisposable
{
    private readonly ModelSet _models;

    public TinyPipeline()
    {
        Paths = new ModelPaths(Repository.TinyModels);
        _models = ModelSet.Open(Paths, new OnnxSessionFactory(new ExecutionOptions { PreferCuda = false }));
        Pipeline = new PhotoInference(_models.Detector, _models.Segmenter, new PhotoDecoder());
    }

    public ModelPaths Paths { get; }

    public GroundingDinoDetector Detector => _models.Detector;

    public Sam2Segmenter Segmenter => _models.Segmenter;

    public PhotoInference Pipeline { get; }

    public void Dispose() => _models.Dispose();
}
