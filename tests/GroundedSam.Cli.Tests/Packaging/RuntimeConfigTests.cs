using System.Reflection;
using System.Text.Json;

namespace GroundedSam.Cli.Tests.Packaging;

/// <summary><c>gsam</c> is a console tool: it must run where only the .NET runtime is installed.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void Gsam_RuntimeConfig_NamesOnlyTheNetCoreFramework()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "gsam.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var list)
            ? list.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList()
            : [options.GetProperty("framework").GetProperty("name").GetString()];

        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }

    [Fact]
    public void Gsam_ReferencesNoAspNetCoreAssembly()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(GsamCommand).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var name in assembly.GetReferencedAssemblies().Where(n => n.Name is not null && seen.Add(n.Name)))
            {
                Assert.False(name.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal), $"{assembly.GetName().Name} references {name.Name}");
                if (name.Name.StartsWith("GroundedSam.", StringComparison.Ordinal))
                {
                    pending.Push(Assembly.Load(name));
                }
            }
        }

        Assert.Contains("GroundedSam.Segmentation", seen);
    }
}
