using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Imaging;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Sam2;

namespace GroundedSam.Inference.Models;

/// <summary>
/// Grounding DINO and SAM 2 from one models folder, each session opened once: the one place that opens the models,
/// for the workers, <c>gsam segment</c> and the tests alike.
/// </summary>
public sealed class ModelSet : IDisposable
{
    private ModelSet(ModelPaths paths, GroundingDinoDetector detector, Sam2Segmenter segmenter, string device)
    {
        Paths = paths;
        Detector = detector;
        Segmenter = segmenter;
        Device = device;
    }

    public ModelPaths Paths { get; }

    public GroundingDinoDetector Detector { get; }

    public Sam2Segmenter Segmenter { get; }

    /// <summary>Where the sessions run: "CUDA" or "CPU".</summary>
    public string Device { get; }

    /// <exception cref="ModelsMissingException">A file of the folder is missing; the message says how to get it.</exception>
    /// <exception cref="ModelContractException">A file is not the export this program feeds.</exception>
    public static ModelSet Open(ModelPaths paths, OnnxSessionFactory sessions)
    {
        paths.EnsureExist();
        var detector = GroundingDinoDetector.Open(paths.GroundingDino, paths.Vocabulary, sessions);
        try
        {
            return new ModelSet(paths, detector, Sam2Segmenter.Open(paths.Sam2Encoder, paths.Sam2Decoder, sessions), sessions.Provider);
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }

    /// <summary>Both models over one photo decoder.</summary>
    public PhotoInference Inference(PhotoDecoder decoder) => new(Detector, Segmenter, decoder);

    public void Dispose()
    {
        Detector.Dispose();
        Segmenter.Dispose();
    }
}
