using GroundedSam.Inference.GroundingDino;
using GroundedSam.Inference.Onnx;
using GroundedSam.Inference.Sam2;

namespace GroundedSam.Inference.Models;

/// <summary>
/// Grounding DINO and SAM 2 from one models folder, each session opened once: the one place that opens the models,
/// for the workers, <c>gsam run</c> and <c>gsam segment</c> (through the segmentation stage) and the tests alike.
/// </summary>
public sealed class ModelSet : IDisposable
{
    private ModelSet(GroundingDinoDetector detector, Sam2Segmenter segmenter)
    {
        Detector = detector;
        Segmenter = segmenter;
    }

    public GroundingDinoDetector Detector { get; }

    public Sam2Segmenter Segmenter { get; }

    /// <exception cref="ModelsMissingException">A file of the folder is missing.</exception>
    /// <exception cref="ModelContractException">A file is not the export this program feeds.</exception>
    public static ModelSet Open(ModelPaths paths, OnnxSessionFactory sessions)
    {
        paths.EnsureExist();
        var detector = GroundingDinoDetector.Open(paths.GroundingDino, paths.Vocabulary, sessions);
        try
        {
            return new ModelSet(detector, Sam2Segmenter.Open(paths.Sam2Encoder, paths.Sam2Decoder, sessions));
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Detector.Dispose();
        Segmenter.Dispose();
    }
}
