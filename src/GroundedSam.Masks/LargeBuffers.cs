namespace GroundedSam.Masks;

/// <summary>The process's <see cref="LargeBuffers{T}"/>.</summary>
public static class LargeBuffers
{
    /// <summary>Model input tensors: two per job (Grounding DINO's, SAM 2's), three jobs at once by default.</summary>
    public static LargeBuffers<float> Floats { get; } = new(6);

    /// <summary>Scanline buffers of mask PNGs, one per encoding in progress.</summary>
    public static LargeBuffers<byte> Bytes { get; } = new(4);
}

/// <summary>
/// A few large per-job arrays kept for the next job: model input tensors, PNG scanline buffers. Unlike
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which keeps an array per thread and several per core in
/// power-of-two sizes (a worker's thread pool then holds hundreds of MB of 16 MB tensors between jobs), it keeps at
/// most <c>capacity</c> arrays in all, each no more than a quarter longer than asked for.
/// </summary>
/// <typeparam name="T">An unmanaged element type: arrays are handed out uninitialised.</typeparam>
public sealed class LargeBuffers<T>(int capacity)
    where T : unmanaged
{
    private readonly Lock _gate = new();
    private readonly List<T[]> _free = new(capacity);

    /// <summary>Arrays kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>An array of at least <paramref name="length"/> elements, uninitialised.</summary>
    public T[] Rent(int length)
    {
        lock (_gate)
        {
            var best = -1;
            for (var i = 0; i < _free.Count; i++)
            {
                var candidate = _free[i].Length;
                if (candidate >= length && candidate - length <= length / 4 && (best < 0 || candidate < _free[best].Length))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var array = _free[best];
                _free.RemoveAt(best);
                return array;
            }
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>Gives an array back; beyond the capacity the oldest kept one is let go instead.</summary>
    public void Return(T[] array)
    {
        lock (_gate)
        {
            if (_free.Count == capacity)
            {
                _free.RemoveAt(0);
            }

            _free.Add(array);
        }
    }
}
