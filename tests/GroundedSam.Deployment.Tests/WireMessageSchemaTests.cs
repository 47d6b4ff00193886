using System.Text.Json;
using System.Text.Json.Nodes;
using GroundedSam.Contracts;
using MassTransit.Serialization;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// The committed schemas against messages as they travel: records serialized with MassTransit's own serializer
/// settings (what the workers publish), checked by an independent validator, Ajv in JSON Schema 2020-12 mode
/// (<c>asyncapi/validate-message.mjs</c>), and broken copies that a consumer must not be promised.
/// </summary>
public sealed class WireMessageSchemaTests
{
    private static readonly Guid JobId = Guid.Parse("0b6f6e8e-3c55-4c38-9f5d-2f7b3f0c8a11");
    private static readonly Guid BatchId = Guid.Parse("4f1d2c3b-0a9e-4b8c-8d7e-6f5a4b3c2d1e");
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 15, 0, TimeSpan.FromHours(1));
    private static readonly ObjectRef Photo = new() { Bucket = "gsam-images", Key = "uploads/desk-1.jpg" };

    [Fact(Timeout = 60_000)]
    public async Task Validate_EveryMessageFullyPopulatedAsMassTransitWritesIt_Valid()
    {
        foreach (var message in Populated())
        {
            var results = await ValidateAsync(message.GetType(), Wire(message));

            Assert.Equal(["ok"], results);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Validate_SegmentImageWithOnlyTheRequiredFields_ValidWithTheNullsMassTransitWrites()
    {
        var minimal = new SegmentImage { JobId = JobId, BatchId = BatchId, Image = Photo, Prompt = "monitor." };
        var json = Wire(minimal);
        Assert.True(json.ContainsKey("merge") && json["merge"] is null, "MassTransit writes an unset field as null, which the schema must allow");

        var results = await ValidateAsync(typeof(SegmentImage), json, Without(json, "merge"));

        Assert.Equal(["ok", "ok"], results);
    }

    [Fact(Timeout = 60_000)]
    public async Task Validate_UnknownField_Valid()
    {
        var json = Wire(Populated().OfType<InpaintReady>().Single());
        json["addedInAMinorVersion"] = 42;

        Assert.Equal(["ok"], await ValidateAsync(typeof(InpaintReady), json));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(nameof(SegmentImage), "prompt", "/ must have required property 'prompt'")]
    [InlineData(nameof(SegmentImage), "image.key", "/image must have required property 'key'")]
    [InlineData(nameof(InpaintReady), "mask", "/ must have required property 'mask'")]
    [InlineData(nameof(SegmentationFailed), "reason", "/ must have required property 'reason'")]
    [InlineData(nameof(ImageSegmented), "models.device", "/models must have required property 'device'")]
    public async Task Validate_RequiredFieldMissing_Invalid(string message, string field, string error)
    {
        var json = Wire(Populated().Single(m => m.GetType().Name == message));

        var results = await ValidateAsync(Type(message), Without(json, field));

        Assert.Equal([$"invalid: {error}"], results);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(nameof(InpaintReady), "polarity", "Purple", "/polarity must be equal to one of the allowed values")]
    [InlineData(nameof(SegmentationFailed), "reason", "Exploded", "/reason must be equal to one of the allowed values")]
    [InlineData(nameof(SegmentImage), "merge.polarity", "objectsWhite", "/merge/polarity must be equal to one of the allowed values")]
    [InlineData(nameof(InpaintReady), "width", "4032", "/width must be integer")]
    [InlineData(nameof(InpaintReady), "width", 40.5, "/width must be integer")]
    [InlineData(nameof(SegmentImage), "jobId", "job-1", "/jobId must match format \"uuid\"")]
    [InlineData(nameof(SegmentationFailed), "failedAt", "yesterday", "/failedAt must match format \"date-time\"")]
    public async Task Validate_FieldOfTheWrongKind_Invalid(string message, string field, object value, string error)
    {
        var json = Wire(Populated().Single(m => m.GetType().Name == message));
        var (parent, name) = Locate(json, field);
        parent[name] = JsonValue.Create(value);

        var result = Assert.Single(await ValidateAsync(Type(message), json));

        Assert.StartsWith($"invalid: {error}", result, StringComparison.Ordinal);
    }

    private static IEnumerable<object> Populated()
    {
        var merge = new MergePolicy { Labels = ["monitor", "keyboard"], Polarity = MaskPolarity.ObjectsBlack, DilationPixels = 8, FeatherPixels = 4 };
        var results = new ObjectRef { Bucket = "gsam-results", Key = $"jobs/{JobId:N}/detections.json" };
        yield return new SegmentImage
        {
            JobId = JobId,
            BatchId = BatchId,
            Image = Photo,
            Prompt = "monitor. keyboard. mouse.",
            BoxThreshold = 0.35f,
            TextThreshold = 0.25f,
            Detection = new DetectionPolicy
            {
                MinScore = 0.4f, MinAreaFraction = 0.01f, MaxInstancesPerLabel = 3, Region = new BoxRegion { X1 = 0.1f, Y1 = 0, X2 = 0.9f, Y2 = 1 },
                MergeSameLabel = true, MergeIoU = 0.5f, MergeContainment = 0.8f, ClassAgnosticNmsIoU = 0.7f,
            },
            Reference = false,
            Merge = merge,
            SubmittedAt = At,
        };
        yield return new ImageSegmented
        {
            JobId = JobId,
            BatchId = BatchId,
            Image = Photo,
            Width = 4032,
            Height = 3024,
            Instances =
            [
                new SegmentedInstance
                {
                    InstanceId = "monitor-1", Label = "monitor", DetectorScore = 0.61f, MaskScore = 0.93f, Box = [10.5f, 20, 400, 300],
                    Mask = results with { Key = $"jobs/{JobId:N}/masks/monitor-1.png" }, Area = 98_765,
                },
            ],
            LabelMasks = new Dictionary<string, ObjectRef> { ["monitor"] = results with { Key = $"jobs/{JobId:N}/labels/monitor.png" } },
            Detections = results,
            Overlay = results with { Key = $"jobs/{JobId:N}/overlay.jpg" },
            Models = new ModelIdentity { Detector = "grounding-dino-tiny", Segmenter = "sam2.1-hiera-tiny", Device = "CUDA:0" },
            Timings = new StageTimings { DownloadMs = 12.5, DecodeMs = 30, PreprocessMs = 8, QueueMs = 0, DetectMs = 210, SegmentMs = 95, PostprocessMs = 40, UploadMs = 22 },
            Merge = merge,
            SegmentedAt = At.AddSeconds(3),
            SubmittedAt = At,
        };
        yield return new InpaintReady
        {
            JobId = JobId,
            BatchId = BatchId,
            Image = Photo,
            Mask = results with { Key = $"jobs/{JobId:N}/merged-mask.png" },
            Width = 4032,
            Height = 3024,
            Polarity = MaskPolarity.ObjectsWhite,
            Labels = ["monitor", "keyboard"],
            InstanceCount = 3,
            Coverage = 0.184,
            Detections = results,
            ReadyAt = At.AddSeconds(4),
        };
        yield return new SegmentationFailed
        {
            JobId = JobId,
            BatchId = BatchId,
            Image = Photo,
            Reason = FailureReason.ImageUnreadable,
            Detail = "Not an image.",
            FailedAt = At.AddSeconds(1),
        };
    }

    private static Type Type(string message) => ContractSchemas.Messages.Single(m => m.Name == message);

    // What MassTransit's serializer writes for the message (the envelope's "message", or the raw JSON body).
    private static JsonObject Wire(object message) =>
        JsonSerializer.SerializeToNode(message, message.GetType(), SystemTextJsonMessageSerializer.Options)!.AsObject();

    private static JsonObject Without(JsonObject json, string field)
    {
        var copy = json.DeepClone().AsObject();
        var (parent, name) = Locate(copy, field);
        Assert.True(parent.Remove(name), $"{field} is not in the message");
        return copy;
    }

    // "image.key" is the property key of the object at image.
    private static (JsonObject Parent, string Name) Locate(JsonObject json, string path)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(json, (node, part) => node[part]!.AsObject());
        return (parent, parts[^1]);
    }

    private static async Task<List<string>> ValidateAsync(Type message, params JsonObject[] messages)
    {
        var schema = Path.Combine(ContractSchemaTests.SchemaFolder, ContractSchemas.FileName(message));
        var (exit, output, errors) = await NodeProject.AsyncApi.RunAsync("validate-message.mjs", [schema], new JsonArray([.. messages.Select(m => m.DeepClone())]).ToJsonString());
        Assert.True(exit is 0 or 1, $"validate-message.mjs failed ({exit}): {output}{errors}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
