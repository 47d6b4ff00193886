using System.Security.Cryptography;
using System.Text;

namespace GroundedSam.Cli.Batches;

/// <summary>
/// A job's id derived from its batch and photo: submitting the same batch again publishes the same job ids, so the
/// workers rewrite the same outputs instead of creating new ones.
/// </summary>
internal static class JobIds
{
    public static Guid For(Guid batchId, string photo)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{batchId:N}/{photo}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
