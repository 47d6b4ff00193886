using System.ComponentModel.DataAnnotations;

namespace GroundedSam.Storage;

/// <summary>Configuration section <c>Storage</c>: where the S3-compatible server is and which buckets to use.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>S3 endpoint as host:port or URL, e.g. <c>localhost:9000</c> or <c>https://s3.eu-west-1.amazonaws.com</c>.</summary>
    [Required]
    public string Endpoint { get; set; } = "localhost:9000";

    /// <summary>Access key (from configuration or the environment, never from code).</summary>
    [Required]
    public string AccessKey { get; set; } = string.Empty;

    /// <summary>Secret key (from configuration or the environment, never logged).</summary>
    [Required]
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>Use HTTPS. Default false; an https:// endpoint turns it on.</summary>
    public bool UseTls { get; set; }

    /// <summary>Region, for servers that need one (AWS). Default none.</summary>
    public string? Region { get; set; }

    /// <summary>Bucket for uploaded photos. Default <c>gsam-images</c>.</summary>
    [Required]
    [RegularExpression(StorageLayout.BucketPattern)]
    public string ImagesBucket { get; set; } = "gsam-images";

    /// <summary>Bucket for results (masks, detections, overlays). Default <c>gsam-results</c>.</summary>
    [Required]
    [RegularExpression(StorageLayout.BucketPattern)]
    public string ResultsBucket { get; set; } = "gsam-results";
}
