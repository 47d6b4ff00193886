using System.Text.Json;
using GroundedSam.Contracts;
using GroundedSam.Pipeline.Merging;
using GroundedSam.Segmentation;
using GroundedSam.Testing;

namespace GroundedSam.Deployment.Tests;

/// <summary>
/// <c>docs/asyncapi.yaml</c> as the AsyncAPI parser reads it (<c>asyncapi/validate.mjs</c>, the versions its
/// package-lock.json pins): the specification's schema, the AMQP bindings, every <c>$ref</c> (the payloads are the
/// committed <c>docs/schemas</c> files), the examples against their payloads; and the document against the code: its
/// version, a message for every record, the exchanges and queues the workers declare.
/// </summary>
public sealed class AsyncApiTests
{
    private static readonly string Document = Path.Combine(RepositoryPaths.Root, "docs", "asyncapi.yaml");

    [Fact(Timeout = 120_000)]
    public async Task Validate_Document_NoErrorAndVersionIsTheContractVersion()
    {
        using var summary = await SummaryAsync();

        Assert.Equal("3.0.0", summary.RootElement.GetProperty("asyncapi").GetString());
        Assert.Equal(ContractVersion.Current, summary.RootElement.GetProperty("version").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Validate_Document_EveryMessageRecordHasAMessageWithItsCurrentSchema()
    {
        using var summary = await SummaryAsync();
        var messages = summary.RootElement.GetProperty("messages").EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("payloadIds").EnumerateArray().Select(i => i.GetString()!).ToList());

        foreach (var record in ContractSchemas.Messages)
        {
            Assert.True(messages.TryGetValue(record.Name, out var ids), $"docs/asyncapi.yaml has no message {record.Name} in components/messages");
            Assert.Contains(ContractSchemas.Id(record), ids);
        }

        var current = ContractSchemas.Messages.Select(ContractSchemas.Id).ToHashSet();
        Assert.All(messages.SelectMany(m => m.Value), id => Assert.Contains(id, current));
    }

    [Fact(Timeout = 120_000)]
    public async Task Validate_Document_ChannelsAreTheExchangesAndQueuesOfTheWorkers()
    {
        using var summary = await SummaryAsync();
        var channels = summary.RootElement.GetProperty("channels").EnumerateArray().Select(c => c.GetString()).ToList();

        Assert.All(ContractSchemas.Messages, record => Assert.Contains($"GroundedSam.Contracts:{record.Name}", channels));
        Assert.Contains(SegmentImageConsumerDefinition.QueueName, channels);
        Assert.Contains($"{SegmentImageConsumerDefinition.QueueName}_error", channels);
        Assert.Contains(MaskMergeConsumerDefinition.QueueName, channels);
        Assert.Contains($"{MaskMergeConsumerDefinition.QueueName}_error", channels);
        Assert.Contains(JobFaultConsumerDefinition.QueueName, channels);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("    address: GroundedSam.Contracts:InpaintReady\n", "    address: 42\n",
        "error asyncapi-document-resolved channels/inpaintReady/address: \"address\" property type must be string,null")]
    [InlineData("      $ref: '#/channels/mergeMasksQueue'\n", "      $ref: '#/channels/mergeQueue'\n",
        "error invalid-ref operations/mergeMasks/channel/$ref: '#/channels/mergeQueue' does not exist")]
    [InlineData("    action: receive\n    title: Merge the masks\n", "    action: consume\n    title: Merge the masks\n",
        "error asyncapi-document-resolved operations/mergeMasks/action: \"action\" property must be equal to one of the allowed values: \"send\", \"receive\"")]
    [InlineData("$ref: './schemas/InpaintReady.schema.json'", "$ref: './schemas/InpaintReadyV2.schema.json'",
        "error invalid-ref components/messages/InpaintReady/payload/allOf/1/properties/message/$ref: ENOENT")]
    [InlineData("              polarity: ObjectsWhite\n", "              polarity: Purple\n",
        "error example InpaintReady/desk payload: /message/polarity must be equal to one of the allowed values")]
    public async Task Validate_CorruptedDocument_FailsNamingTheError(string original, string corrupted, string error)
    {
        var text = await File.ReadAllTextAsync(Document, TestContext.Current.CancellationToken);
        Assert.Contains(original, text, StringComparison.Ordinal);

        var (exit, output, _) = await NodeProject.AsyncApi.RunAsync("validate.mjs", ["--stdin", Document], text.Replace(original, corrupted, StringComparison.Ordinal));

        Assert.Equal(1, exit);
        Assert.Contains(output.Split('\n'), line => line.StartsWith(error, StringComparison.Ordinal));
    }

    private static async Task<JsonDocument> SummaryAsync()
    {
        var (exit, output, errors) = await NodeProject.AsyncApi.RunAsync("validate.mjs", [Document]);
        Assert.True(exit == 0, $"validate.mjs refused docs/asyncapi.yaml:\n{output}{errors}");
        return JsonDocument.Parse(output);
    }
}
