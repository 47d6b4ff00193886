namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

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
