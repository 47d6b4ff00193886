namespace GroundedSam.Testing;

/// <summary>Paths inside the repository the tests and benchmarks run from (found from their binaries upward).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The committed tiny models, laid out as <c>gsam models pull</c> lays out the real ones.</summary>
    public static string TinyModels => Path.Combine(Root, "models", "tiny");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GroundedSam.Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No GroundedSam.Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
