using System.Diagnostics;

namespace GroundedSam.Inference;

/// <summary>
/// The models' steps as spans on the activity source <see cref="SourceName"/>: decode, preprocess, detect, segment,
/// upsample. They nest under whatever span is in progress (a worker's consume span, <c>gsam segment</c>'s job), and
/// cost one branch each when nothing listens.
/// </summary>
public static class InferenceTracing
{
    public const string SourceName = "GroundedSam.Inference";

    private static readonly ActivitySource Source = new(SourceName, typeof(InferenceTracing).Assembly.GetName().Version?.ToString());

    public static Activity? StartStep(string step) => Source.StartActivity(step);
}
