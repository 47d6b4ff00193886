namespace GroundedSam.Contracts;

/// <summary>Where a job's time went, in milliseconds of wall time.</summary>
public sealed record StageTimings
{
    /// <summary>Reading the photo from storage.</summary>
    public double DownloadMs { get; init; }

    /// <summary>Decoding and checking the photo.</summary>
    public double DecodeMs { get; init; }

    /// <summary>Resizing and normalising for both models.</summary>
    public double PreprocessMs { get; init; }

    /// <summary>Waiting for the GPU stage (another job held it).</summary>
    public double QueueMs { get; init; }

    /// <summary>Grounding DINO and the policy.</summary>
    public double DetectMs { get; init; }

    /// <summary>SAM 2's encoder and decoder.</summary>
    public double SegmentMs { get; init; }

    /// <summary>Upsampling masks and encoding the output files.</summary>
    public double PostprocessMs { get; init; }

    /// <summary>Writing the outputs to storage.</summary>
    public double UploadMs { get; init; }
}
