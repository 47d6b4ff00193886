using System.CommandLine;
using GroundedSam.Contracts;
using GroundedSam.Inference.Detections;
using GroundedSam.Inference.GroundingDino;
using GroundedSam.Masks;
using GroundedSam.Inference;

namespace GroundedSam.Cli;

/// <summary>The prompt, thresholds, detection policy and merge options: what every segmentation command takes.</summary>
internal sealed class JobOptions
{
    public Option<string> Prompt { get; } = new("--prompt", "-p")
    {
        Description = "Objects to find, separated by dots, e.g. \"monitor. keyboard. mouse.\"",
        Required = true,
    };

    public Option<float> BoxThreshold { get; } = new("--box-threshold") { Description = "Keep boxes whose best token probability exceeds this.", DefaultValueFactory = _ => new DetectionThresholds().Box };

    public Option<float> TextThreshold { get; } = new("--text-threshold") { Description = "A category's token must exceed this.", DefaultValueFactory = _ => new DetectionThresholds().Text };

    public Option<float> MinScore { get; } = new("--min-score") { Description = "Drop detections scoring below this. Default 0 (off)." };

    public Option<float> MinArea { get; } = new("--min-area") { Description = "Drop boxes smaller than this fraction of the photo. Default 0 (off)." };

    public Option<int> MaxPerLabel { get; } = new("--max-per-label") { Description = "Keep the best N instances of each label. Default 0 (all)." };

    public Option<string?> Region { get; } = new("--region") { Description = "Keep detections centred in x1,y1,x2,y2 (fractions of the photo), e.g. 0.1,0,0.9,1." };

    public Option<bool> NoMerge { get; } = new("--no-merge") { Description = "Do not merge overlapping boxes of one label." };

    public Option<float> MergeIoU { get; } = new("--merge-iou") { Description = "Same-label boxes with this IoU are one object.", DefaultValueFactory = _ => SelectionPolicy.Default.MergeIoU };

    public Option<float> MergeContainment { get; } = new("--merge-containment") { Description = "Same-label boxes this much inside one another are one object.", DefaultValueFactory = _ => SelectionPolicy.Default.MergeContainment };

    public Option<float?> NmsIoU { get; } = new("--nms-iou") { Description = "Class-agnostic NMS at this IoU (two labels on one object). Default off." };

    public Option<bool> Reference { get; } = new("--reference")
    {
        Description = "Every departure from the Grounded-SAM-2 demo off, for a 1:1 comparison (see the README's table of departures).",
    };

    public Option<MaskPolarity> Polarity { get; } = new("--polarity")
    {
        Description = "Merged mask: ObjectsWhite (the inpainter repaints the objects) or ObjectsBlack (it keeps them).",
        DefaultValueFactory = _ => MaskPolarity.ObjectsWhite,
    };

    public Option<int> Dilate { get; } = new("--dilate") { Description = "Grow the merged mask's objects by this many pixels. Default 0." };

    public Option<int> Feather { get; } = new("--feather") { Description = "Soften the merged mask's edge over this many pixels (grey levels). Default 0." };

    public Option<string?> Labels { get; } = new("--labels") { Description = "Comma-separated labels that join the merged mask. Default: all." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Prompt, BoxThreshold, TextThreshold, MinScore, MinArea, MaxPerLabel, Region, NoMerge, MergeIoU, MergeContainment, NmsIoU, Reference, Polarity, Dilate, Feather, Labels })
        {
            command.Add(option);
        }
    }

    /// <summary>Reads and checks the options. Throws <see cref="ArgumentException"/> or <see cref="FormatException"/> with a message for the user.</summary>
    public (SegmentationRequest Request, MergeOptions Merge) Read(ParseResult result)
    {
        var region = result.GetValue(Region);
        var reference = result.GetValue(Reference);
        if (reference && new Option[] { MinScore, MinArea, MaxPerLabel, Region, MergeIoU, MergeContainment, NmsIoU }
                .Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList() is [_, ..] departures)
        {
            throw new ArgumentException($"--reference turns every departure off, so it cannot be combined with {string.Join(", ", departures)}.");
        }

        var request = new SegmentationRequest(result.GetValue(Prompt) ?? string.Empty)
        {
            Thresholds = new DetectionThresholds { Box = result.GetValue(BoxThreshold), Text = result.GetValue(TextThreshold) },
            Reference = reference,
            Policy = reference ? SelectionPolicy.None : new SelectionPolicy
            {
                MinScore = result.GetValue(MinScore),
                MinAreaFraction = result.GetValue(MinArea),
                MaxInstancesPerLabel = result.GetValue(MaxPerLabel),
                Region = string.IsNullOrWhiteSpace(region) ? null : RegionOfInterest.Parse(region),
                MergeSameLabel = !result.GetValue(NoMerge),
                MergeIoU = result.GetValue(MergeIoU),
                MergeContainment = result.GetValue(MergeContainment),
                ClassAgnosticNmsIoU = result.GetValue(NmsIoU),
            },
        };
        var labels = result.GetValue(Labels);
        var merge = new MergeOptions
        {
            Polarity = result.GetValue(Polarity),
            DilationPixels = result.GetValue(Dilate),
            FeatherPixels = result.GetValue(Feather),
            Labels = string.IsNullOrWhiteSpace(labels) ? null : labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };

        request.Validate();
        merge.Validate();
        Inference.GroundingDino.Prompt.Parse(request.Prompt);
        return (request, merge);
    }

    /// <summary>
    /// Options that are valid but probably not what was meant: a prompt of several words without a dot (one category,
    /// not several), and <c>--labels</c> naming a label the prompt cannot produce (an empty inpainting mask).
    /// </summary>
    public static IReadOnlyList<string> Warnings(SegmentationRequest request, MergeOptions merge)
    {
        var warnings = new List<string>();
        var prompt = Inference.GroundingDino.Prompt.Parse(request.Prompt);
        var text = request.Prompt.Trim();
        if (!text.Contains('.', StringComparison.Ordinal) && text.Any(char.IsWhiteSpace))
        {
            var dotted = string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w + "."));
            warnings.Add($"The prompt \"{TerminalText.Safe(text)}\" has no dots, so it is one category. To find each object, separate them: \"{TerminalText.Safe(dotted)}\".");
        }

        var categories = prompt.Categories.ToList();
        var unknown = merge.Labels?.Where(l => !categories.Contains(l, StringComparer.OrdinalIgnoreCase)).ToList() ?? [];
        if (unknown.Count > 0)
        {
            var consequence = unknown.Count == merge.Labels!.Count
                ? "so no object can join the merged mask: it will be empty"
                : "so no object can carry them";
            warnings.Add($"--labels names {string.Join(", ", unknown.Select(l => $"\"{TerminalText.Safe(l)}\""))}, which the prompt does not ({string.Join(", ", categories.Select(TerminalText.Safe))}), {consequence}.");
        }

        return warnings;
    }

    /// <summary>Prints <see cref="Warnings"/>.</summary>
    public static void PrintWarnings(Spectre.Console.IAnsiConsole console, SegmentationRequest request, MergeOptions merge)
    {
        foreach (var warning in Warnings(request, merge))
        {
            Spectre.Console.AnsiConsoleExtensions.MarkupLineInterpolated(console, $"[yellow]warning:[/] {warning}");
        }
    }
}
