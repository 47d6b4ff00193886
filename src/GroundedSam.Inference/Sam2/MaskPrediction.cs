using System.Buffers;

namespace GroundedSam.Inference.Sam2;

/// <summary>
/// SAM 2's chosen mask for one box: low-resolution logits (row-major) and the predicted IoU. The logits of a
/// prediction made by <see cref="Copy"/> live in a pooled buffer (256×256 floats are a large object, one per box):
/// dispose the prediction once its mask is upsampled.
/// </summary>
public sealed class MaskPrediction : IDisposable
{
    private float[]? _logits;
    private readonly bool _pooled;

    /// <summary>A prediction over <paramref name="logits"/> as they are (not pooled).</summary>
    public MaskPrediction(float[] logits, int width, int height, float score)
        : this(logits, width, height, score, pooled: false)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(logits.Length, width * height, nameof(logits));
    }

    private MaskPrediction(float[] logits, int width, int height, float score, bool pooled)
    {
        _logits = logits;
        _pooled = pooled;
        Width = width;
        Height = height;
        Score = score;
    }

    public int Width { get; }

    public int Height { get; }

    public float Score { get; }

    public ReadOnlySpan<float> Logits => (_logits ?? throw new ObjectDisposedException(nameof(MaskPrediction))).AsSpan(0, Width * Height);

    /// <summary>A prediction holding a pooled copy of <paramref name="logits"/> (e.g. a slice of the decoder's output).</summary>
    public static MaskPrediction Copy(ReadOnlySpan<float> logits, int width, int height, float score)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(logits.Length, width * height, nameof(logits));
        var buffer = ArrayPool<float>.Shared.Rent(logits.Length);
        logits.CopyTo(buffer);
        return new MaskPrediction(buffer, width, height, score, pooled: true);
    }

    public void Dispose()
    {
        var logits = Interlocked.Exchange(ref _logits, null);
        if (_pooled && logits is not null)
        {
            ArrayPool<float>.Shared.Return(logits);
        }
    }
}
