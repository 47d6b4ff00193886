using System.Text.Json;
using System.Text.RegularExpressions;
using GroundedSam.Contracts;
using GroundedSam.Storage;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// The least-privilege S3 users of the compose deployment (<c>infra/minio/*-policy.json</c>) against the keys each
/// role really touches, as <see cref="StorageLayout"/> names them: a key a stage needs and its policy denies would
/// fail every job in production and nowhere in the tests, which run on one S3 user.
/// </summary>
public sealed class MinioPolicyTests
{
    private static readonly Guid Job = Guid.Parse("5b0e4f55-2a0c-4b7e-9a43-0c1f6d2e8a71");
    private static readonly Guid Batch = Guid.Parse("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    private static readonly StorageLayout Layout = new("gsam-images", "gsam-results");

    public static TheoryData<string, string, string, string, bool> Accesses => new()
    {
        // The workers: photos in, a job's outputs and outcome out, the cancellation mark read; nothing else of a batch.
        { "worker", "s3:GetObject", Layout.ImagesBucket, Layout.Upload(Batch, "desk.jpg").Key, true },
        { "worker", "s3:PutObject", Layout.ResultsBucket, Layout.JobFile(Job, JobFiles.MergedMask).Key, true },
        { "worker", "s3:PutObject", Layout.ResultsBucket, Layout.JobOutcome(Job).Key, true },
        { "worker", "s3:GetObject", Layout.ResultsBucket, Layout.JobOutcome(Job).Key, true },
        { "worker", "s3:GetObject", Layout.ResultsBucket, Layout.BatchCancellation(Batch).Key, true },
        { "worker", "s3:PutObject", Layout.ResultsBucket, Layout.BatchCancellation(Batch).Key, false },
        { "worker", "s3:GetObject", Layout.ResultsBucket, Layout.BatchManifest(Batch).Key, false },
        { "worker", "s3:PutObject", Layout.ImagesBucket, Layout.Upload(Batch, "desk.jpg").Key, false },

        // The producer (gsam submit, status, results, cancel): photos and batches in, outcomes and outputs read.
        { "producer", "s3:PutObject", Layout.ImagesBucket, Layout.Upload(Batch, "desk.jpg").Key, true },
        { "producer", "s3:PutObject", Layout.ResultsBucket, Layout.BatchManifest(Batch).Key, true },
        { "producer", "s3:PutObject", Layout.ResultsBucket, Layout.BatchCancellation(Batch).Key, true },
        { "producer", "s3:GetObject", Layout.ResultsBucket, Layout.JobOutcome(Job).Key, true },
        { "producer", "s3:GetObject", Layout.ResultsBucket, Layout.JobFile(Job, JobFiles.Overlay).Key, true },
        { "producer", "s3:PutObject", Layout.ResultsBucket, Layout.JobOutcome(Job).Key, false },
        { "producer", "s3:DeleteObject", Layout.ResultsBucket, Layout.JobFile(Job, JobFiles.MergedMask).Key, false },
    };

    [Theory]
    [MemberData(nameof(Accesses))]
    public void Policy_AllowsWhatTheRoleNeedsAndNoMore(string role, string action, string bucket, string key, bool allowed)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "minio", $"{role}-policy.json"))
            .Replace("@IMAGES@", Layout.ImagesBucket, StringComparison.Ordinal).Replace("@RESULTS@", Layout.ResultsBucket, StringComparison.Ordinal);
        using var policy = JsonDocument.Parse(text);

        var granted = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Effect").GetString() == "Allow")
            .Where(s => s.GetProperty("Action").EnumerateArray().Any(a => a.GetString() == action))
            .Any(s => s.GetProperty("Resource").EnumerateArray().Any(r => Matches(r.GetString()!, $"arn:aws:s3:::{bucket}/{key}")));

        Assert.Equal(allowed, granted);
    }

    /// <summary>IAM's resource matching: '*' is any run of characters ('/' included), '?' any one.</summary>
    private static bool Matches(string pattern, string resource) =>
        Regex.IsMatch(resource, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.None, TimeSpan.FromSeconds(1));
}
