using GroundedSam.Inference.Detections;
using GroundedSam.Inference.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Tests.Sam2;

/// <summary>The segmenter's own work around its sessions, on the tiny export: what it keeps per box between calls.</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class Sam2SegmenterTests(TinyPipeline tiny) : IClassFixture<TinyPipeline>
{
    [Fact]
    public void Segment_PredictionsComeFromThePool_AndGoBackWhenDisposed()
    {
        using var photo = new Image<Rgb24>(640, 480, new Rgb24(120, 110, 100));
        using var input = tiny.Segmenter.Prepare(photo);
        Box[] boxes = [new(40, 30, 300, 200), new(320, 240, 600, 460), new(100, 100, 140, 160)];
        var first = tiny.Segmenter.Segment(input, boxes);
        var firstLogits = first.Select(p => p.Logits.ToArray()).ToList();
        foreach (var prediction in first)
        {
            prediction.Dispose();
        }

        // Each box's 256×256 logits are a large object (256 KB): rented, they cost no large-object allocation, and so
        // no full garbage collection every few jobs.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = tiny.Segmenter.Segment(input, boxes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 128 * 1024);
        Assert.Equal(firstLogits, again.Select(p => p.Logits.ToArray()));
        var disposed = again[0];
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Logits.Length);
        foreach (var prediction in again.Skip(1))
        {
            prediction.Dispose();
        }
    }
}
