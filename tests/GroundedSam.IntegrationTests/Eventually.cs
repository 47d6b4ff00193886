namespace GroundedSam.IntegrationTests;

/// <summary>
/// Condition-based waits: read something again and again until it is what the test waits for, or the generous
/// deadline passes, then hand back the last reading for the test's own assertion (and its message).
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? period = null)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow >= until)
            {
                return value;
            }

            await Task.Delay(period ?? TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }

    public static Task<T> ReadAsync<T>(Func<T> read, Func<T, bool> done) => ReadAsync(() => Task.FromResult(read()), done);
}
