using System.Diagnostics;
using System.Text;
using GroundedSam.Contracts;
using RabbitMQ.Client;

namespace GroundedSam.IntegrationTests;

/// <summary>A producer in another language: plain AMQP, plain JSON, no MassTransit envelope, its trace in a header (docs/messages.md).</summary>
[Trait("Category", "Integration")]
[Collection(nameof(RealServices))]
public sealed class RawJsonTests
{
    [Fact]
    public async Task SegmentImage_RawJsonWithTraceHeader_JoinsTheProducersTrace()
    {
        using var spans = new RecordedSpans();
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var image = await cluster.UploadAsync("desk.jpg", PipelineCluster.Jpeg(200, 150, 5));
        var jobId = Guid.NewGuid();
        var json = $$"""{ "jobId": "{{jobId}}", "batchId": "{{Guid.NewGuid()}}", "image": { "bucket": "{{image.Bucket}}", "key": "{{image.Key}}" }, "prompt": "monitor." }""";
        var traceId = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();

        await PublishAsync(cluster, "GroundedSam.Contracts:SegmentImage", "", json, new Dictionary<string, object?> { ["MT-Activity-Id"] = $"00-{traceId}-{parent}-01" });
        await cluster.WaitUntilAsync(e => e.Ready.Any(r => r.JobId == jobId), TimeSpan.FromMinutes(2), "InpaintReady of the traced job");

        var trace = await spans.TraceAsync(traceId, t => t.Any(s => RecordedSpans.ConsumerType(s).Contains("MaskMergeConsumer", StringComparison.Ordinal)));
        var receive = Assert.Single(trace, s => s.ParentSpanId == parent);
        Assert.Equal(ActivityKind.Consumer, receive.Kind);
        Assert.Contains(trace, s => s.OperationName == "detect");
        Assert.Contains(trace, s => s.OperationName == "merge");
    }

    [Theory]
    [InlineData("GroundedSam.Contracts:SegmentImage", "")]
    [InlineData("", "segment-image")]
    public async Task SegmentImage_PublishedAsRawJsonByPlainAmqpClient_IsProcessed(string exchange, string routingKey)
    {
        await using var cluster = await PipelineCluster.StartAsync(segmentationWorkers: 1, mergeWorkers: 1);
        var image = await cluster.UploadAsync("desk.jpg", PipelineCluster.Jpeg(200, 150, 3));
        var jobId = Guid.NewGuid();
        var batchId = Guid.NewGuid();
        var json = $$"""
            {
              "jobId": "{{jobId}}",
              "batchId": "{{batchId}}",
              "image": { "bucket": "{{image.Bucket}}", "key": "{{image.Key}}" },
              "prompt": "monitor. keyboard. mouse.",
              "boxThreshold": 0.35,
              "merge": { "polarity": "ObjectsBlack", "dilationPixels": 2 },
              "submittedAt": "2026-11-26T10:15:00+01:00"
            }
            """;

        await PublishAsync(cluster, exchange, routingKey, json, headers: null);

        await cluster.WaitUntilAsync(e => e.Ready.Any(r => r.JobId == jobId), TimeSpan.FromMinutes(2), "InpaintReady of the raw JSON job");

        var ready = cluster.Events.Ready.First(r => r.JobId == jobId);
        Assert.Equal(batchId, ready.BatchId);
        Assert.Equal(image, ready.Image);
        Assert.Equal(MaskPolarity.ObjectsBlack, ready.Polarity);
        Assert.Equal(5, ready.InstanceCount);
    }

    private static async Task PublishAsync(PipelineCluster cluster, string exchange, string routingKey, string json, IDictionary<string, object?>? headers)
    {
        var endpoint = cluster.Broker.Endpoint;
        var factory = new ConnectionFactory
        {
            HostName = endpoint.Host,
            Port = endpoint.Port,
            UserName = endpoint.UserName,
            Password = endpoint.Password,
            VirtualHost = endpoint.VirtualHost,
        };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, Headers = headers };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, Encoding.UTF8.GetBytes(json), TestContext.Current.CancellationToken);
    }
}
