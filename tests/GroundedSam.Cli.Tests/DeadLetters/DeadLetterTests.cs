using System.Text;
using GroundedSam.Cli.DeadLetters;

namespace GroundedSam.Cli.Tests.DeadLetters;

/// <summary>Dead letters as the broker hands them over: MassTransit's headers as bytes, and bodies anyone may have forged.</summary>
public sealed class DeadLetterTests
{
    private static readonly Guid Job = Guid.Parse("0b6f6e8e-3c55-4c38-9f5d-2f7b3f0c8a11");

    [Fact]
    public void From_MassTransitEnvelopeAndFaultHeaders_ReadsJobExceptionAndTimes()
    {
        var headers = new Dictionary<string, object?>
        {
            ["MT-Fault-ExceptionType"] = Encoding.UTF8.GetBytes("System.TimeoutException"),
            ["MT-Fault-Message"] = Encoding.UTF8.GetBytes("The store did not answer"),
            ["MT-Fault-Timestamp"] = Encoding.UTF8.GetBytes("2026-11-29T12:00:00Z"),
            [DeadLetter.FirstFailedHeader] = Encoding.UTF8.GetBytes("2026-11-28T08:00:00Z"),
            [DeadLetter.ReplaysHeader] = Encoding.UTF8.GetBytes("2"),
        };
        var body = Encoding.UTF8.GetBytes($$$"""{"messageId":"x","message":{"jobId":"{{{Job}}}","prompt":"monitor."}}""");

        var letter = DeadLetter.From(headers, body);

        Assert.Equal(Job, letter.JobId);
        Assert.Equal("System.TimeoutException", letter.ExceptionType);
        Assert.Equal("The store did not answer", letter.ExceptionMessage);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), letter.FirstFailedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), letter.LastFailedAt);
        Assert.Equal(2, letter.Replays);
    }

    [Fact]
    public void From_RawJsonJob_ReadsItsJobId()
    {
        var letter = DeadLetter.From(null, Encoding.UTF8.GetBytes($$"""{"JobId":"{{Job}}"}"""));

        Assert.Equal(Job, letter.JobId);
        Assert.Null(letter.FirstFailedAt);
    }

    [Theory]
    [InlineData(new byte[] { 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d })] // {"\xff\xfe":1}: a name that is not UTF-8
    [InlineData(new byte[] { 0x5b, 0x31, 0x5d })]                               // [1]
    [InlineData(new byte[] { 0x6e, 0x6f, 0x70, 0x65 })]                         // nope
    [InlineData(new byte[0])]
    public void From_ForgedBody_HasNoJobIdAndDoesNotThrow(byte[] body)
    {
        var letter = DeadLetter.From(new Dictionary<string, object?> { ["MT-Fault-Message"] = new byte[] { 0xff, 0x1b, 0x5b } }, body);

        Assert.Null(letter.JobId);
        Assert.NotNull(letter.ExceptionMessage);
    }

    [Fact]
    public void From_HugeExceptionMessage_IsCut()
    {
        var headers = new Dictionary<string, object?> { ["MT-Fault-Message"] = Encoding.UTF8.GetBytes(new string('x', 128 * 1024)) };

        var letter = DeadLetter.From(headers, ReadOnlyMemory<byte>.Empty);

        Assert.InRange(letter.ExceptionMessage!.Length, 1, 2001);
    }
}
