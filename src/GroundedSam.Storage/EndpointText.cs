using System.Text.RegularExpressions;

namespace GroundedSam.Storage;

/// <summary>An endpoint as it may appear in a message or a log: a user and password written into it are hidden.</summary>
public static partial class EndpointText
{
    public static string Redact(string? endpoint) =>
        endpoint is null ? string.Empty : UserInfo().Replace(endpoint, "${scheme}***@");

    // "scheme://anything-without-slash@": the user-info part of a URL, however malformed the rest is.
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
