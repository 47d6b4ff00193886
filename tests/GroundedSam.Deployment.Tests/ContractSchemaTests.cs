using System.Reflection;
using GroundedSam.Contracts;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// The committed JSON Schemas (<c>docs/schemas/*.schema.json</c>) are what <see cref="ContractSchemas"/> generates from
/// the records today, and every message record has one. After changing a record (additively: docs/messages.md,
/// "Versions"), regenerate them with <c>GSAM_UPDATE_SCHEMAS=1 dotnet test tests/GroundedSam.Deployment.Tests</c>: with
/// that variable set to 1, <see cref="Generate_EveryMessage_SameAsTheCommittedSchema"/> rewrites docs/schemas and passes;
/// then review the diff and commit it.
/// </summary>
public sealed class ContractSchemaTests
{
    private const string UpdateVariable = "GSAM_UPDATE_SCHEMAS";

    internal static string SchemaFolder { get; } = Path.Combine(RepositoryPaths.Root, "docs", "schemas");

    [Fact]
    public void Generate_EveryMessage_SameAsTheCommittedSchema()
    {
        var update = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        var stale = new List<string>();
        foreach (var message in ContractSchemas.Messages)
        {
            var file = Path.Combine(SchemaFolder, ContractSchemas.FileName(message));
            var generated = ContractSchemas.GenerateText(message);
            if (Difference(file, generated) is not { } difference)
            {
                continue;
            }

            if (update)
            {
                Directory.CreateDirectory(SchemaFolder);
                File.WriteAllText(file, generated);
            }
            else
            {
                stale.Add($"docs/schemas/{ContractSchemas.FileName(message)}: {difference}");
            }
        }

        var expected = ContractSchemas.Messages.Select(ContractSchemas.FileName).Order(StringComparer.Ordinal);
        var committed = Directory.EnumerateFiles(SchemaFolder, "*.schema.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        if (update)
        {
            committed.Except(expected).ToList().ForEach(name => File.Delete(Path.Combine(SchemaFolder, name!)));
        }
        else
        {
            stale.AddRange(committed.Except(expected).Select(name => $"docs/schemas/{name}: no message of the contract has this schema"));
        }

        Assert.True(stale.Count == 0,
            $"The committed schemas differ from the records:\n{string.Join("\n", stale)}\n" +
            $"If the change is intended, run `{UpdateVariable}=1 dotnet test tests/GroundedSam.Deployment.Tests` to rewrite docs/schemas, then review and commit them (and bump ContractVersion.Current for a new field: docs/messages.md, \"Versions\").");
    }

    [Fact]
    public void Messages_RecordsNoOtherRecordContains_AreExactlyTheMessages()
    {
        var records = typeof(ContractSchemas).Assembly.GetExportedTypes().Where(t => t.GetMethod("<Clone>$") is not null).ToList();
        var contained = records.SelectMany(r => r.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .SelectMany(p => Flatten(p.PropertyType))
            .ToHashSet();

        var roots = records.Where(r => !contained.Contains(r)).Select(r => r.Name).Order(StringComparer.Ordinal);

        Assert.Equal(roots, ContractSchemas.Messages.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generate_EveryMessage_IdAndTitleNameTheMessageAndTheContractVersion()
    {
        foreach (var message in ContractSchemas.Messages)
        {
            var schema = ContractSchemas.Generate(message);

            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
            Assert.Equal($"urn:gsam:contracts:{ContractVersion.Current}:{message.Name}", (string?)schema["$id"]);
            Assert.Equal(message.Name, (string?)schema["title"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)schema["description"]));
        }
    }

    [Fact]
    public void Generate_SegmentImage_RequiredMembersRequiredAndDocumented()
    {
        var schema = ContractSchemas.Generate(typeof(SegmentImage));

        Assert.Equal(["jobId", "batchId", "image", "prompt"], schema["required"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("Grounding DINO box threshold in [0, 1]. Default 0.35.", (string?)schema["properties"]!["boxThreshold"]!["description"]);
        Assert.Equal("Objects to find, separated by dots, e.g. `monitor. keyboard. mouse.`; at most 2048 characters and 256 tokens.",
            (string?)schema["properties"]!["prompt"]!["description"]);
    }

    [Fact]
    public void Generate_UnknownType_Throws() =>
        Assert.Throws<ArgumentException>(() => ContractSchemas.Generate(typeof(ObjectRef)));

    // "line 12: committed ..., generated ..." for the first line that differs, or null when the file is as generated.
    private static string? Difference(string file, string generated)
    {
        if (!File.Exists(file))
        {
            return "missing";
        }

        var committed = File.ReadAllText(file).Split('\n');
        var lines = generated.Split('\n');
        for (var i = 0; i < Math.Max(committed.Length, lines.Length); i++)
        {
            var left = i < committed.Length ? committed[i] : "(end of file)";
            var right = i < lines.Length ? lines[i] : "(end of file)";
            if (left != right)
            {
                return $"line {i + 1}: committed `{left.Trim()}`, generated `{right.Trim()}`";
            }
        }

        return null;
    }

    // IReadOnlyList<SegmentedInstance> and MaskPolarity? contain SegmentedInstance and MaskPolarity.
    private static IEnumerable<Type> Flatten(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten) : [type];
}
