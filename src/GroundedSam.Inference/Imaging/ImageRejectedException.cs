namespace GroundedSam.Inference.Imaging;

/// <summary>A photo that cannot be processed, with the reason and a sentence that says what to do.</summary>
public sealed class ImageRejectedException(ImageProblem problem, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ImageProblem Problem { get; } = problem;
}
