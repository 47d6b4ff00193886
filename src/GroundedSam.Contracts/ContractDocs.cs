using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GroundedSam.Contracts;

/// <summary>
/// The summaries of the compiler's XML documentation file as text for schema descriptions: <c>&lt;c&gt;</c> becomes its
/// text in backticks (CommonMark, as AsyncAPI renders descriptions), <c>&lt;see langword&gt;</c> the word, and
/// <c>&lt;see cref&gt;</c> the type or member it names (a property by its wire name, without its type inside that type).
/// </summary>
internal sealed partial class ContractDocs(IReadOnlyDictionary<string, XElement> summaries)
{
    private const string Namespace = "GroundedSam.Contracts.";

    public static ContractDocs Load()
    {
        var assembly = typeof(ContractDocs).Assembly;
        var file = Path.ChangeExtension(assembly.Location, ".xml");
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(file))
        {
            throw new FileNotFoundException(
                $"The schemas' descriptions come from {assembly.GetName().Name}.xml beside the assembly, which is missing (single-file publish, or a build without GenerateDocumentationFile).",
                file);
        }

        var summaries = XDocument.Load(file).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => m.Element("summary")!, StringComparer.Ordinal);
        return new ContractDocs(summaries);
    }

    public string? Type(Type type) => Text($"T:{type.FullName}", type);

    public string? Property(PropertyInfo property) =>
        Text($"P:{property.DeclaringType!.FullName}.{property.Name}", property.DeclaringType);

    private string? Text(string member, Type owner)
    {
        if (!summaries.TryGetValue(member, out var summary))
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText plain => plain.Value,
                XElement { Name.LocalName: "see" } see when see.Attribute("cref") is { } cref => Name(cref.Value, owner),
                XElement { Name.LocalName: "see" } see when see.Attribute("langword") is { } word => word.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } reference => (string?)reference.Attribute("name"),
                XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
                XElement element => element.Value,
                _ => string.Empty,
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    // "T:GroundedSam.Contracts.SegmentImage" is SegmentImage, "P:GroundedSam.Contracts.SegmentImage.JobId" is
    // SegmentImage.jobId (as on the wire; jobId inside SegmentImage), "F:GroundedSam.Contracts.FailureReason.InvalidOptions"
    // is FailureReason.InvalidOptions.
    private static string Name(string cref, Type owner)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        name = name.StartsWith(Namespace, StringComparison.Ordinal) ? name[Namespace.Length..] : name;
        if (!cref.StartsWith("P:", StringComparison.Ordinal))
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var property = JsonNamingPolicy.CamelCase.ConvertName(name[(dot + 1)..]);
        return dot < 0 || name[..dot] == owner.Name ? property : $"{name[..(dot + 1)]}{property}";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
