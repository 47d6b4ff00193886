using GroundedSam.Contracts;

namespace GroundedSam.Storage.Tests;

public sealed class StorageLayoutTests
{
    private static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private readonly StorageLayout _layout = new("images", "results");

    [Fact]
    public void Upload_IsInTheImagesBucketUnderTheBatch()
    {
        Assert.Equal(new ObjectRef { Bucket = "images", Key = "uploads/0f8fad5bd9cb469fa16570867728950e/desk-1.jpg" }, _layout.Upload(Id, "desk-1.jpg"));
    }

    [Fact]
    public void JobPrefix_IsTheJobsFolderWithATrailingSlash()
    {
        Assert.Equal("jobs/0f8fad5bd9cb469fa16570867728950e/", StorageLayout.JobPrefix(Id));
    }

    [Theory]
    [InlineData("detections.json")]
    [InlineData("masks/monitor-1.png")]
    [InlineData("labels/monitor.png")]
    [InlineData("merged-mask.png")]
    [InlineData("overlay.jpg")]
    public void JobFile_IsInTheResultsBucketUnderTheJobPrefix(string relativePath)
    {
        var file = _layout.JobFile(Id, relativePath);

        Assert.Equal(new ObjectRef { Bucket = "results", Key = StorageLayout.JobPrefix(Id) + relativePath }, file);
        StorageLayout.Validate(file);
    }

    [Fact]
    public void BatchManifest_IsJobsJsonUnderTheBatch()
    {
        Assert.Equal(new ObjectRef { Bucket = "results", Key = "batches/0f8fad5bd9cb469fa16570867728950e/jobs.json" }, _layout.BatchManifest(Id));
    }

    [Fact]
    public void Constructor_Options_TakesTheBucketsFromThem()
    {
        var layout = new StorageLayout(new StorageOptions { ImagesBucket = "my-images", ResultsBucket = "my-results" });

        Assert.Equal("my-images", layout.ImagesBucket);
        Assert.Equal("my-results", layout.ResultsBucket);
    }

    [Theory]
    [InlineData("a.png")]
    [InlineData("uploads/batch/desk 1.jpg")]
    [InlineData(".env")]
    [InlineData("a/.b/c..d/e.")]
    [InlineData("東京/写真.jpg")]
    public void Validate_GoodKey_Passes(string key)
    {
        StorageLayout.Validate(new ObjectRef { Bucket = "gsam-images", Key = key });
    }

    [Fact]
    public void Validate_KeyOfExactlyMaxBytes_Passes()
    {
        // 'é' is two bytes in UTF-8: the limit counts bytes, not characters.
        StorageLayout.Validate(new ObjectRef { Bucket = "abc", Key = new string('é', StorageLayout.MaxKeyBytes / 2) });
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/abs", "relative")]
    [InlineData("a//b", "relative")]
    [InlineData("a/", "relative")]
    [InlineData("a\\b", "relative")]
    [InlineData("a\nb", "control")]
    [InlineData("..", "\"..\"")]
    [InlineData("../x", "\"..\"")]
    [InlineData("a/../../x", "\"..\"")]
    [InlineData("./x", "\".\"")]
    public void Validate_BadKey_ThrowsInvalidObjectKeyException(string key, string reason)
    {
        var error = Assert.Throws<InvalidObjectKeyException>(() => StorageLayout.Validate(new ObjectRef { Bucket = "abc", Key = key }));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyOverMaxBytes_ThrowsInvalidObjectKeyException()
    {
        var key = new string('é', (StorageLayout.MaxKeyBytes / 2) + 1);

        var error = Assert.Throws<InvalidObjectKeyException>(() => StorageLayout.Validate(new ObjectRef { Bucket = "abc", Key = key }));

        Assert.Contains("1024 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("gsam-images")]
    [InlineData("my.bucket-2")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void ValidateBucket_GoodName_Passes(string bucket)
    {
        StorageLayout.ValidateBucket(bucket);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("UPPER")]
    [InlineData("-abc")]
    [InlineData("abc-")]
    [InlineData("a_bc")]
    [InlineData("abc\n")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void ValidateBucket_BadName_ThrowsInvalidObjectKeyException(string bucket)
    {
        Assert.Throws<InvalidObjectKeyException>(() => StorageLayout.ValidateBucket(bucket));
        Assert.Throws<InvalidObjectKeyException>(() => StorageLayout.Validate(new ObjectRef { Bucket = bucket, Key = "a.png" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("jobs/")]
    [InlineData("jobs/0f8f")]
    [InlineData("a")]
    public void ValidatePrefix_GoodPrefix_Passes(string prefix)
    {
        StorageLayout.ValidatePrefix(prefix);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/jobs/")]
    [InlineData("jobs//")]
    [InlineData("../")]
    [InlineData("jobs/../")]
    public void ValidatePrefix_BadPrefix_ThrowsInvalidObjectKeyException(string prefix)
    {
        Assert.Throws<InvalidObjectKeyException>(() => StorageLayout.ValidatePrefix(prefix));
    }
}
