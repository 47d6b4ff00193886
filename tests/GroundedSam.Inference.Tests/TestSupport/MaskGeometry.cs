using GroundedSam.Inference.Detections;
using GroundedSam.Masks;

namespace GroundedSam.Inference.Tests.TestSupport;

/// <summary>How well a mask matches a box: the tiny SAM 2 decoders answer a box with exactly that box.</summary>
internal static class MaskGeometry
{
    /// <summary>IoU of the mask with the pixels whose centre lies in the box.</summary>
    public static double BoxIoU(BinaryMask mask, Box box)
    {
        long both = 0, either = 0;
        for (var y = 0; y < mask.Height; y++)
        {
            for (var x = 0; x < mask.Width; x++)
            {
                var inBox = x + 0.5f >= box.X1 && x + 0.5f <= box.X2 && y + 0.5f >= box.Y1 && y + 0.5f <= box.Y2;
                var inMask = mask[x, y];
                both += inBox && inMask ? 1 : 0;
                either += inBox || inMask ? 1 : 0;
            }
        }

        return either == 0 ? 1 : (double)both / either;
    }
}
