using GroundedSam.Inference.Detections;
using GroundedSam.Inference.Sam2;

namespace GroundedSam.Inference;

/// <summary>
/// What the models said about one photo: the instances kept by the policy and SAM 2's prediction for each. Disposing
/// it gives the predictions' buffers back (after <see cref="PhotoInference.Complete"/>).
/// </summary>
public sealed record ModelOutput(IReadOnlyList<DetectedInstance> Instances, IReadOnlyList<MaskPrediction> Predictions, TimeSpan DetectTime, TimeSpan SegmentTime)
    : IDisposable
{
    public void Dispose()
    {
        foreach (var prediction in Predictions)
        {
            prediction.Dispose();
        }
    }
}
