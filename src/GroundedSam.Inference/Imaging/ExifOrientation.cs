using System.Buffers.Binary;

namespace GroundedSam.Inference.Imaging;

/// <summary>
/// The EXIF orientation tag (0x0112) from a TIFF-structured EXIF block, read from IFD0 only: no IFD chain, no
/// sub-IFD, no value outside the block is followed, so a looping or lying EXIF block costs a few comparisons.
/// Anything unexpected means "as stored" (1), as it does for viewers.
/// </summary>
internal static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;
    private const ushort ShortType = 3;

    /// <param name="tiff">The block from its byte-order mark ("II" or "MM"); a leading "Exif\0\0" is skipped.</param>
    public static int Read(ReadOnlySpan<byte> tiff)
    {
        if (tiff.StartsWith("Exif\0\0"u8))
        {
            tiff = tiff[6..];
        }

        if (tiff.Length < 8)
        {
            return 1;
        }

        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            little = true;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            little = false;
        }
        else
        {
            return 1;
        }

        var ifd = U32(tiff[4..], little);
        if (ifd < 8 || ifd > tiff.Length - 2)
        {
            return 1;
        }

        var entries = U16(tiff[(int)ifd..], little);
        for (var i = 0; i < entries; i++)
        {
            var entry = (long)ifd + 2 + (12L * i);
            if (entry + 12 > tiff.Length)
            {
                return 1;
            }

            var field = tiff.Slice((int)entry, 12);
            if (U16(field, little) == OrientationTag)
            {
                var value = U16(field[8..], little);
                return U16(field[2..], little) == ShortType && value is >= 1 and <= 8 ? value : 1;
            }
        }

        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    private static uint U32(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);
}
