using GroundedSam.Contracts;

namespace GroundedSam.Pipeline.Delivery;

/// <summary>A job that cannot succeed, whatever the retries: it ends in <see cref="SegmentationFailed"/>.</summary>
public sealed class JobRejectedException(FailureReason reason, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public FailureReason Reason { get; } = reason;

    /// <summary>Runs an options check; its <see cref="ArgumentException"/> becomes a rejection with <see cref="FailureReason.InvalidOptions"/>.</summary>
    public static void CheckOptions(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            throw new JobRejectedException(FailureReason.InvalidOptions, ex.Message, ex);
        }
    }

    /// <summary>The same refusal, thrown anew (a retry of the delivery that was refused).</summary>
    public JobRejectedException Again() => new(Reason, Message, this);

    /// <summary>The event that ends the job; an image the message did not name is reported as empty.</summary>
    public SegmentationFailed ToEvent(Guid jobId, Guid batchId, ObjectRef? image, DateTimeOffset failedAt) => new()
    {
        JobId = jobId,
        BatchId = batchId,
        Image = image ?? new ObjectRef { Bucket = string.Empty, Key = string.Empty },
        Reason = Reason,
        Detail = Message,
        FailedAt = failedAt,
    };
}
