using System.Collections.Concurrent;
using MassTransit;

namespace GroundedSam.Pipeline.Tests;

/// <summary>
/// Every message the bus published, recorded as it happens. Waits poll it against a generous deadline: the test
/// harness's own waits end after 1.2 s without bus activity, which CPU-bound inference on a busy machine exceeds.
/// </summary>
internal sealed class PublishedMessages : IPublishObserver
{
    /// <summary>How long a wait may take before the test fails: far above any job's time on a loaded machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly ConcurrentQueue<object> _messages = new();

    /// <summary>The messages of type <typeparamref name="T"/> published so far; never waits.</summary>
    public IReadOnlyList<T> Now<T>()
        where T : class => [.. _messages.OfType<T>()];

    /// <summary>Waits for a published <typeparamref name="T"/> that matches; fails the test at the deadline.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        while (true)
        {
            if (_messages.OfType<T>().FirstOrDefault(m => match is null || match(m)) is { } found)
            {
                return found;
            }

            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"No {typeof(T).Name} within {Deadline.TotalSeconds:0} s; published: {string.Join(", ", _messages.Select(m => m.GetType().Name))}");
            }
        }
    }

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        _messages.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
