using GroundedSam.Inference.Detections;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Inference.Sam2;

/// <summary>Boxes to masks. <see cref="Prepare"/> is CPU work; <see cref="Segment"/> runs the models.</summary>
public interface ISegmenter : IDisposable
{
    SegmenterInput Prepare(Image<Rgb24> image);

    /// <summary>One prediction per box, in order. No boxes: no model call at all.</summary>
    IReadOnlyList<MaskPrediction> Segment(SegmenterInput input, IReadOnlyList<Box> boxes);
}
