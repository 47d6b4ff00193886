namespace GroundedSam.Inference.Onnx;

/// <summary>
/// Inputs that are the same value everywhere (Grounding DINO's <c>pixel_mask</c> of ones, 8.5 MB of int64 at
/// 1333×800; <c>token_type_ids</c> of zeros): one grow-only array per value, shared by every call, instead of a new
/// array per call. ONNX Runtime only reads its inputs, so concurrent runs may feed the same memory.
/// </summary>
public sealed class ConstantInputs<T>(T value)
    where T : unmanaged
{
    private T[] _values = [];

    /// <summary>The first <paramref name="count"/> elements of an array holding only the value.</summary>
    public Memory<T> Get(long count)
    {
        var values = Volatile.Read(ref _values);
        if (values.Length < count)
        {
            // Filled before it is published; two callers racing here both build one, and either is right.
            var grown = new T[checked((int)count)];
            Array.Fill(grown, value);
            Volatile.Write(ref _values, grown);
            values = grown;
        }

        return values.AsMemory(0, (int)count);
    }
}
