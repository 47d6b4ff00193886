using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace GroundedSam.ServiceDefaults;

/// <summary>
/// Option validation failures in the words a user needs: "Storage__AccessKey: The AccessKey field is required."
/// instead of "DataAnnotation validation failed for 'StorageOptions' members: 'AccessKey' …".
/// </summary>
public static partial class SettingErrors
{
    public static IEnumerable<string> Describe(OptionsValidationException exception)
    {
        var section = exception.OptionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string
            ?? exception.OptionsType.Name.Replace("Options", string.Empty, StringComparison.Ordinal);
        foreach (var failure in exception.Failures)
        {
            var annotation = DataAnnotationFailure().Match(failure);
            if (annotation.Success)
            {
                var members = annotation.Groups["members"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                yield return $"{string.Join(", ", members.Select(m => $"{section}__{m}"))}: {annotation.Groups["error"].Value}";
            }
            else
            {
                // Our own validators already speak of "Section:Key" or "Section__Key".
                yield return SectionKey().Replace(failure, "${section}__${key}");
            }
        }
    }

    [GeneratedRegex(@"members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"\b(?<section>[A-Z][A-Za-z]+):(?<key>[A-Z][A-Za-z]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SectionKey();
}
