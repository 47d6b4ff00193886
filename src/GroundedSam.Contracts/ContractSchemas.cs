using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace GroundedSam.Contracts;

/// <summary>
/// JSON Schemas (draft 2020-12) of the messages as they travel: camelCase names, enums as their names, GUIDs and times
/// as strings, numbers as JSON numbers (MassTransit's serializer reads and writes them strictly, unlike
/// <see cref="JsonSerializerDefaults.Web"/>, which also reads numbers from strings). <c>required</c> members are
/// required; an optional member may be absent or null. Objects stay open: a consumer ignores fields it does not know.
/// Descriptions are the records' XML documentation, read from <c>GroundedSam.Contracts.xml</c> beside the assembly.
/// The committed copies live in <c>docs/schemas</c>; <c>ContractSchemaTests</c> holds them to this class.
/// </summary>
public static class ContractSchemas
{
    // MassTransit's SystemTextJsonMessageSerializer.Options as far as a schema can tell (names, strict numbers, the
    // types' own enum converters); Contracts references no MassTransit, so WireMessageSchemaTests checks the schemas
    // against messages MassTransit itself serialized.
    private static readonly JsonSerializerOptions Wire = CreateWireOptions();

    // Readable in a diff: "'", '"' inside strings and "…" as themselves rather than \u escapes.
    private static readonly JsonSerializerOptions Committed = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The message records, each one exchange and one schema, in pipeline order.</summary>
    public static IReadOnlyList<Type> Messages { get; } =
        [typeof(SegmentImage), typeof(ImageSegmented), typeof(InpaintReady), typeof(SegmentationFailed)];

    /// <summary>
    /// The schema's <c>$id</c>, e.g. <c>urn:gsam:contracts:1.0.0:SegmentImage</c>: a name, not a location, that
    /// changes with <see cref="ContractVersion.Current"/>.
    /// </summary>
    /// <param name="message">One of <see cref="Messages"/>.</param>
    public static string Id(Type message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return $"urn:gsam:contracts:{ContractVersion.Current}:{message.Name}";
    }

    /// <summary>The schema's file name in <c>docs/schemas</c>, e.g. <c>SegmentImage.schema.json</c>.</summary>
    /// <param name="message">One of <see cref="Messages"/>.</param>
    public static string FileName(Type message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return $"{message.Name}.schema.json";
    }

    /// <summary>The schema of <paramref name="message"/>: <c>$schema</c>, <c>$id</c>, <c>title</c>, <c>description</c>, then the exporter's.</summary>
    /// <param name="message">One of <see cref="Messages"/>.</param>
    /// <exception cref="FileNotFoundException">The XML documentation file is not beside the assembly.</exception>
    public static JsonObject Generate(Type message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Messages.Contains(message))
        {
            throw new ArgumentException($"{message.FullName} is not a message of the contract.", nameof(message));
        }

        var docs = ContractDocs.Load();
        var exported = Wire.GetJsonSchemaAsNode(message, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Describe(docs, context, node),
        }).AsObject();
        exported.Remove("description");

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id(message),
            ["title"] = message.Name,
            ["description"] = docs.Type(message),
        };
        foreach (var (name, value) in exported.ToList())
        {
            exported.Remove(name);
            schema[name] = value;
        }

        return schema;
    }

    /// <summary>The schema as committed: indented by two spaces, '\n' line ends, a trailing newline.</summary>
    /// <param name="message">One of <see cref="Messages"/>.</param>
    public static string GenerateText(Type message) => Generate(message).ToJsonString(Committed) + "\n";

    private static JsonNode Describe(ContractDocs docs, JsonSchemaExporterContext context, JsonNode node)
    {
        var description = context.PropertyInfo?.AttributeProvider is PropertyInfo property
            ? docs.Property(property)
            : docs.Type(context.TypeInfo.Type);
        if (description is null || node is not JsonObject schema)
        {
            return node;
        }

        schema.Insert(0, "description", description);
        return schema;
    }

    private static JsonSerializerOptions CreateWireOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
