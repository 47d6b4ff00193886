using GroundedSam.Testing;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    public static string TinyModels => RepositoryPaths.TinyModels;
}
