using System.Diagnostics;

namespace GroundedSam.Pipeline.Telemetry;

/// <summary>
/// The pipeline's spans on the activity source <see cref="SourceName"/>: a job's root span where it is submitted, and
/// one span per step of a stage (download, gpu_wait, encode, upload, merge). The spans of the models' steps come from
/// <c>GroundedSam.Inference</c>; MassTransit's own spans (publish, receive, consume) join them through the message
/// headers, so one job is one trace from <c>gsam submit</c> through both workers to <c>InpaintReady</c>. Without a
/// listener (no OpenTelemetry configured) nothing is created and each call costs one branch.
/// </summary>
public static class PipelineTracing
{
    public const string SourceName = "GroundedSam.Pipeline";

    /// <summary>The tag that names the job on every span of its trace that knows it.</summary>
    public const string JobIdTag = "gsam.job_id";

    public const string BatchIdTag = "gsam.batch_id";

    private static readonly ActivitySource Source = new(SourceName, typeof(PipelineTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// The root span of one job, started where it is published. It starts a trace of its own whatever the caller is
    /// doing, so a batch of a thousand photos is a thousand traces, each small enough to read.
    /// </summary>
    public static Activity? StartJob(string operation, Guid jobId, Guid batchId)
    {
        Activity.Current = null;
        var activity = Source.StartActivity(operation, ActivityKind.Producer);
        activity?.SetTag(JobIdTag, jobId.ToString());
        activity?.SetTag(BatchIdTag, batchId.ToString());
        return activity;
    }

    /// <summary>Names the job on the span in progress (MassTransit's consume span), so a trace can be found by job id.</summary>
    public static void TagJob(Guid jobId, Guid batchId)
    {
        Activity.Current?.SetTag(JobIdTag, jobId.ToString());
        Activity.Current?.SetTag(BatchIdTag, batchId.ToString());
    }

    /// <summary>One step of a stage, a child of the span in progress; dispose it when the step ends.</summary>
    public static Activity? StartStep(string step) => Source.StartActivity(step);

    /// <summary>Marks the span in progress as failed with the job's failure reason.</summary>
    public static void Failed(string reason, string detail)
    {
        Activity.Current?.SetTag("gsam.failure_reason", reason);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, detail);
    }
}
