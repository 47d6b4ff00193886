using GroundedSam.Masks;

namespace GroundedSam.Inference.Tests.Masks;

public sealed class LargeBuffersTests
{
    [Fact]
    public void Rent_AfterReturn_ReusesTheArrayThatFits()
    {
        var buffers = new LargeBuffers<float>(capacity: 2);
        var tensor = buffers.Rent(3 * 1066 * 800);
        buffers.Return(tensor);

        // A portrait photo's tensor has the same size; a slightly smaller one fits in it too.
        Assert.Same(tensor, buffers.Rent(3 * 800 * 1066));
        buffers.Return(tensor);
        Assert.Same(tensor, buffers.Rent(3 * 1000 * 800));
    }

    [Fact]
    public void Rent_KeptArrayFarLongerThanAsked_IsNotHandedOut()
    {
        var buffers = new LargeBuffers<byte>(capacity: 2);
        var large = buffers.Rent(12_000_000);
        buffers.Return(large);

        var small = buffers.Rent(1_000_000);

        Assert.NotSame(large, small);
        Assert.Equal(1_000_000, small.Length);
        Assert.Equal(1, buffers.Count);
    }

    [Fact]
    public void Return_BeyondCapacity_LetsTheOldestGo()
    {
        var buffers = new LargeBuffers<byte>(capacity: 2);
        var arrays = Enumerable.Range(0, 3).Select(_ => buffers.Rent(1 << 20)).ToList();
        arrays.ForEach(buffers.Return);

        Assert.Equal(2, buffers.Count);
        var again = new[] { buffers.Rent(1 << 20), buffers.Rent(1 << 20), buffers.Rent(1 << 20) };
        // By reference: equal contents are no proof of reuse.
        Assert.DoesNotContain(again, a => ReferenceEquals(a, arrays[0]));
        Assert.Contains(again, a => ReferenceEquals(a, arrays[1]));
        Assert.Contains(again, a => ReferenceEquals(a, arrays[2]));
    }
}
