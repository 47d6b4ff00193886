namespace GroundedSam.Inference.Imaging;

/// <summary>Why a photo was refused. Every one is permanent: the same bytes fail the same way again.</summary>
public enum ImageProblem
{
    /// <summary>Not an image: empty, text, truncated or corrupt data.</summary>
    Unreadable,

    /// <summary>A real image in a format the pipeline does not decode (only JPEG, PNG and WebP are).</summary>
    UnsupportedFormat,

    /// <summary>More bytes or pixels than the configured limits.</summary>
    TooLarge,
}
