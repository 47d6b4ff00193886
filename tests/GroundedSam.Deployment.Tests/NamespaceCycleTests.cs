using System.Text.RegularExpressions;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// The product's namespaces point one way: no two use each other, directly or round a longer loop. Read from the
/// sources' <c>namespace</c> and <c>using</c> lines: a fully qualified name in code is not seen (nor is it the house
/// style), nor a child namespace's use of its parent's types, which needs no <c>using</c>.
/// </summary>
public sealed partial class NamespaceCycleTests
{
    [Fact]
    public void ProductSources_NamespacesUsingEachOther_NoCycle()
    {
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                              && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            if (Namespace().Match(text) is not { Success: true } declared)
            {
                continue;
            }

            var from = declared.Groups[1].Value;
            var targets = uses.TryGetValue(from, out var set) ? set : uses[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match used in Using().Matches(text))
            {
                if (used.Groups[1].Value != from)
                {
                    targets.Add(used.Groups[1].Value);
                }
            }
        }

        Assert.True(uses.Count > 20, $"only {uses.Count} namespaces read");
        Assert.Empty(Cycles(uses));
    }

    [Fact]
    public void Cycles_ThreeNamespacesInALoop_AreFound()
    {
        var uses = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        };

        Assert.Equal(["A → B → C → A"], Cycles(uses));
    }

    /// <summary>Each loop once, as the path from its smallest name back to itself.</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> uses)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in uses.Keys)
        {
            var path = new List<string> { start };
            Walk(start);

            void Walk(string node)
            {
                foreach (var next in uses.GetValueOrDefault(node) ?? [])
                {
                    if (next == start && path.All(p => string.CompareOrdinal(start, p) <= 0))
                    {
                        found.Add(string.Join(" → ", path.Append(start)));
                    }
                    else if (!path.Contains(next) && string.CompareOrdinal(next, start) > 0)
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
        }

        return [.. found];
    }

    [GeneratedRegex(@"^namespace (GroundedSam[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using (GroundedSam[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex Using();
}
