using System.Text.Json.Serialization;

namespace GroundedSam.Contracts;

/// <summary>Why a job failed for good. Every reason is permanent: sending the same job again fails the same way. On the wire as its name (numbers are accepted too).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureReason>))]
public enum FailureReason
{
    /// <summary>No object at the image's bucket and key.</summary>
    ImageNotFound,

    /// <summary>Not an image, empty, truncated or corrupt.</summary>
    ImageUnreadable,

    /// <summary>More bytes or pixels than the worker accepts.</summary>
    ImageTooLarge,

    /// <summary>A real image in a format the pipeline does not decode (only JPEG, PNG and WebP are).</summary>
    UnsupportedFormat,

    /// <summary>Empty prompt, no category, or longer than 256 tokens.</summary>
    InvalidPrompt,

    /// <summary>A threshold, policy or key out of range or malformed.</summary>
    InvalidOptions,

    /// <summary>The model failed on this photo.</summary>
    ModelFailure,

    /// <summary>
    /// The message itself breaks the contract: a required field missing, a size out of range, a mask key outside the
    /// job's own prefix or results bucket, a mask that is not the job's 8-bit PNG. Sent by the stage that refused it.
    /// </summary>
    InvalidMessage,

    /// <summary>Processing this photo failed in a way no retry will change (a defect in the pipeline): report it with the photo.</summary>
    ProcessingFailed,

    /// <summary>
    /// The job came back from workers that died with it in hand (crash, out-of-memory kill) too many times: the photo
    /// probably kills the worker, so it is quarantined instead of being handed to the next one.
    /// </summary>
    WorkerCrashed,

    /// <summary>The job's batch was cancelled (<c>gsam cancel</c>) before the job ran: no model ran on it.</summary>
    Cancelled,
}
