using System.Net;
using System.Xml;
using System.Xml.Linq;
using GroundedSam.Contracts;

namespace GroundedSam.Storage;

/// <summary>An S3 error response (<c>&lt;Error&gt;&lt;Code&gt;…&lt;Message&gt;…</c>) read from at most 64 KB of its body.</summary>
internal sealed record S3Error(HttpStatusCode Status, string? Code, string? Message)
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<S3Error> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // A HEAD-like answer or a proxy's page has no S3 body: the status alone is the error.
        var buffer = new byte[MaxBodyBytes];
        var length = 0;
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }

        try
        {
            using var reader = XmlReader.Create(new MemoryStream(buffer, 0, length), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var root = XDocument.Load(reader).Root;
            return new S3Error(response.StatusCode, root?.Element("Code")?.Value, root?.Element("Message")?.Value);
        }
        catch (XmlException)
        {
            return new S3Error(response.StatusCode, null, null);
        }
    }

    public string Describe(string method, ObjectRef target) =>
        $"S3 answered {(int)Status} {Code ?? Status.ToString()} to {method} {target}{(string.IsNullOrWhiteSpace(Message) ? "" : $": {Message}")}";
}
