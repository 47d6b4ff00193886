using System.Collections.Concurrent;
using System.Text.Json;
using GroundedSam.Contracts;
using GroundedSam.Pipeline.Delivery;
using GroundedSam.Storage;

namespace GroundedSam.Pipeline.Outcomes;

/// <summary>
/// <c>gsam cancel</c>'s mark, <c>batches/{batchId}/cancelled.json</c>: a job of the batch submitted at or before the
/// mark's time (the batch's latest submission when it was cancelled) ends in <see cref="FailureReason.Cancelled"/> when a stage takes it, without running the models. A batch
/// submitted again afterwards (<c>gsam submit --batch</c>) runs, as its jobs carry the newer submission time. The stages
/// look the mark up at most once per <see cref="RecheckAfter"/> per batch, so a cancel takes effect within that time.
/// </summary>
public sealed class BatchCancellation(IObjectStore store, StorageLayout layout, TimeProvider time)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(5);

    private const int MaxMarkBytes = 4096;
    private const int MaxRemembered = 10_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset? CancelledAt, DateTimeOffset CheckedAt)> _seen = new();

    /// <summary>Marks the batch cancelled as of <paramref name="at"/>.</summary>
    public Task CancelAsync(Guid batchId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Mark(batchId, at), Json);
        return store.PutAsync(layout.BatchCancellation(batchId), new MemoryStream(json), json.Length, "application/json", cancellationToken);
    }

    /// <summary>When the batch was cancelled, or null; read from the store each time.</summary>
    public async Task<DateTimeOffset?> ReadAsync(Guid batchId, CancellationToken cancellationToken)
    {
        byte[] json;
        try
        {
            json = await store.ReadBytesAsync(layout.BatchCancellation(batchId), MaxMarkBytes, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        catch (ObjectTooLargeException)
        {
            return DateTimeOffset.MaxValue;
        }

        // Someone put a mark there: one that does not parse cancels every submission of the batch.
        try
        {
            return JsonSerializer.Deserialize<Mark>(json, Json) is { } mark && mark.BatchId == batchId ? mark.CancelledAt : DateTimeOffset.MaxValue;
        }
        catch (JsonException)
        {
            return DateTimeOffset.MaxValue;
        }
    }

    /// <summary>Throws <see cref="JobRejectedException"/> (<see cref="FailureReason.Cancelled"/>) when the job's batch was cancelled after it was submitted.</summary>
    public async Task ThrowIfCancelledAsync(Guid batchId, DateTimeOffset? submittedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_seen.TryGetValue(batchId, out var seen) || now - seen.CheckedAt >= RecheckAfter)
        {
            if (_seen.Count >= MaxRemembered)
            {
                _seen.Clear();
            }

            seen = (await ReadAsync(batchId, cancellationToken), now);
            _seen[batchId] = seen;
        }

        if (seen.CancelledAt is { } cancelledAt && (submittedAt is not { } submitted || submitted <= cancelledAt))
        {
            throw new JobRejectedException(FailureReason.Cancelled,
                $"Batch {batchId} was cancelled (submissions up to {(cancelledAt == DateTimeOffset.MaxValue ? "now" : cancelledAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}) " +
                "before this job reached this stage; it stops here without further work. Submit the batch again (gsam submit --batch) to run it.");
        }
    }

    private sealed record Mark(Guid BatchId, DateTimeOffset CancelledAt);
}
