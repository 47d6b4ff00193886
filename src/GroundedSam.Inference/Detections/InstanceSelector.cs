using System.Globalization;
using System.Text;
using GroundedSam.Inference.Text;

namespace GroundedSam.Inference.Detections;

/// <summary>
/// Applies a <see cref="SelectionPolicy"/> to decoded detections and names what is left. Order: score, region,
/// same-label merge, class-agnostic NMS, area, count per label; then each label's instances are numbered from 1
/// by descending score.
/// </summary>
public static class InstanceSelector
{
    public static IReadOnlyList<DetectedInstance> Select(IEnumerable<Detection> detections, SelectionPolicy policy, int imageWidth, int imageHeight)
    {
        var candidates = detections
            .Where(d => d.Score >= policy.MinScore)
            .Where(d => policy.Region is null || policy.Region.Contains(d.Box, imageWidth, imageHeight))
            .OrderByDescending(d => d.Score)
            .Select(d => new Group(d.CategoryIndex, d.Label, d.Score, d.Box, [d.PromptBox]))
            .ToList();

        if (policy.MergeSameLabel)
        {
            candidates = MergeSameLabel(candidates, policy);
        }

        if (policy.ClassAgnosticNmsIoU is { } nms)
        {
            candidates = Suppress(candidates, nms);
        }

        var minArea = policy.MinAreaFraction * imageWidth * imageHeight;
        var keys = LabelKeys(candidates.OrderBy(c => c.Category).Select(c => c.Label));
        var instances = new List<DetectedInstance>();
        // Numbered per label, not per category: a prompt that names a category twice ("monitor. monitor.") must not
        // give two instances the id monitor-1.
        foreach (var label in candidates.Where(c => c.Box.Area >= minArea).GroupBy(c => c.Label).OrderBy(g => g.Min(c => c.Category)))
        {
            var ranked = label.OrderByDescending(c => c.Score).ToList();
            if (policy.MaxInstancesPerLabel > 0)
            {
                ranked = ranked.Take(policy.MaxInstancesPerLabel).ToList();
            }

            for (var i = 0; i < ranked.Count; i++)
            {
                var c = ranked[i];
                var key = keys[c.Label];
                instances.Add(new DetectedInstance($"{key}-{i + 1}", c.Label, key, c.Score, c.Box, c.PromptBoxes.Count) { PromptBoxes = c.PromptBoxes });
            }
        }

        return instances;
    }

    /// <summary>A label as a file and object-key component: letters and digits kept, anything else '_'.</summary>
    public static string ToKey(string label)
    {
        var text = new StringBuilder(label.Length);
        foreach (var ch in StripAccents.Apply(label))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                text.Append(char.ToLowerInvariant(ch));
            }
            else if (text.Length > 0 && text[^1] != '_')
            {
                text.Append('_');
            }
        }

        var key = text.ToString().TrimEnd('_');
        return key.Length == 0 ? "object" : key[..Math.Min(key.Length, 64)].TrimEnd('_');
    }

    private static Dictionary<string, string> LabelKeys(IEnumerable<string> labels)
    {
        var keys = new Dictionary<string, string>();
        var used = new HashSet<string>();
        foreach (var label in labels.Distinct())
        {
            var key = ToKey(label);
            for (var n = 2; !used.Add(key); n++)
            {
                key = $"{ToKey(label)}_{n}";
            }

            keys[label] = key;
        }

        return keys;
    }

    // Greedy, best score first: a box joins the first kept group of its label it overlaps enough; the group's box
    // grows to the union, which can make it overlap groups it did not before, so passes repeat until nothing merges.
    // The grouping is decided on boxes, but SAM 2 is still prompted with each part's own box and the parts' masks are
    // unioned afterwards (PhotoInference): a union box would be a prompt the detector never produced.
    private static List<Group> MergeSameLabel(List<Group> groups, SelectionPolicy policy)
    {
        bool merged;
        do
        {
            merged = false;
            var kept = new List<Group>();
            foreach (var candidate in groups)
            {
                var index = kept.FindIndex(k => k.Category == candidate.Category &&
                    (k.Box.IoU(candidate.Box) >= policy.MergeIoU || k.Box.Containment(candidate.Box) >= policy.MergeContainment));
                if (index < 0)
                {
                    kept.Add(candidate);
                    continue;
                }

                var k = kept[index];
                kept[index] = k with { Box = k.Box.Union(candidate.Box), PromptBoxes = [.. k.PromptBoxes, .. candidate.PromptBoxes] };
                merged = true;
            }

            groups = kept;
        }
        while (merged);

        return groups;
    }

    private static List<Group> Suppress(List<Group> groups, float iou)
    {
        var kept = new List<Group>();
        foreach (var candidate in groups.OrderByDescending(g => g.Score))
        {
            if (!kept.Any(k => k.Box.IoU(candidate.Box) >= iou))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    private sealed record Group(int Category, string Label, float Score, Box Box, IReadOnlyList<Box> PromptBoxes);
}
