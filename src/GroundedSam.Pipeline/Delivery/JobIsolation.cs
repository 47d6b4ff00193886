namespace GroundedSam.Pipeline.Delivery;

/// <summary>
/// Places for the jobs a stage runs at once on one worker: an ordinary job takes one, an exclusive one takes them all
/// (it waits for the jobs in hand to end, and jobs that arrive meanwhile wait behind it).
/// </summary>
internal sealed class JobIsolation(int capacity) : IDisposable
{
    private readonly SemaphoreSlim _places = new(capacity, capacity);
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<IDisposable> EnterAsync(bool exclusive, CancellationToken cancellationToken)
    {
        // Everyone passes the turnstile, so that an exclusive job waiting in it holds back the jobs that come after.
        await _turn.WaitAsync(cancellationToken);
        if (!exclusive)
        {
            _turn.Release();
            await _places.WaitAsync(cancellationToken);
            return new Exit(this, 1, holdsTurn: false);
        }

        var taken = 0;
        try
        {
            for (; taken < capacity; taken++)
            {
                await _places.WaitAsync(cancellationToken);
            }

            return new Exit(this, capacity, holdsTurn: true);
        }
        catch
        {
            if (taken > 0)
            {
                _places.Release(taken);
            }

            _turn.Release();
            throw;
        }
    }

    public void Dispose()
    {
        _places.Dispose();
        _turn.Dispose();
    }

    private sealed class Exit(JobIsolation owner, int places, bool holdsTurn) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            owner._places.Release(places);
            if (holdsTurn)
            {
                owner._turn.Release();
            }
        }
    }
}
