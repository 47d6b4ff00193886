using System.Globalization;

namespace GroundedSam.Benchmarks;

/// <summary>Command-line options of the benchmark and where its report goes.</summary>
internal sealed record Args(int Rounds, int Warmups, int Width, int Height, string? Output)
{
    public static Args Parse(string[] args)
    {
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new Args(Int("--rounds", 15), Int("--warmups", 3), Int("--width", 4000), Int("--height", 3000), Value("--out") ?? "docs/benchmarks.md");
    }

    public static string RepositoryRoot() => GroundedSam.Testing.RepositoryPaths.Root;

    /// <summary>Replaces the section starting with <paramref name="heading"/> (up to the next "## "), or appends it.</summary>
    public static void WriteSection(string path, string heading, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\nFigures measured on the development machines (shared and noisy: read the ratios and medians).\n";
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            text = text.TrimEnd() + "\n\n" + section.Trim() + "\n";
        }
        else
        {
            var end = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
            text = text[..start] + section.Trim() + "\n" + (end < 0 ? string.Empty : text[(end + 1)..]);
        }

        File.WriteAllText(path, text);
    }
}
