using System.Security.Cryptography;
using System.Text;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// A job's id derived from its batch and photo: submitting the same batch again publishes the same job ids, so the
/// workers rewrite the same outputs instead of creating new ones. The id is an RFC 9562 name-based UUID (version 5)
/// in the <see cref="Namespace"/>, named <c>{batchId:N}/{relative path}</c>: any language reproduces it, Python with
/// <c>uuid.uuid5(namespace, name)</c>.
/// </summary>
internal static class JobIds
{
    /// <summary>gsam's UUID namespace for job ids (a random version 4 UUID, fixed for good).</summary>
    public static readonly Guid Namespace = new("5b0e4f55-2a0c-4b7e-9a43-0c1f6d2e8a71");

    public static Guid For(Guid batchId, string photo) => NameBased(Namespace, $"{batchId:N}/{photo}");

    /// <summary>RFC 9562 §5.5: SHA-1 of the namespace's bytes (network order) and the name's UTF-8, version and variant set.</summary>
    public static Guid NameBased(Guid space, string name)
    {
        var name8 = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + name8.Length];
        space.TryWriteBytes(input, bigEndian: true, out _);
        name8.CopyTo(input, 16);
#pragma warning disable CA5350 // RFC 9562 fixes SHA-1 for version 5; the id names a job, it protects nothing.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
