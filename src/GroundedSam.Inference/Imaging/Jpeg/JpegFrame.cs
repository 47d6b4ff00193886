namespace GroundedSam.Inference.Imaging.Jpeg;

/// <summary>A JPEG frame header (SOF0, SOF1 or SOF2): size, sampling factors, and the MCU grid they give (T.81 §A.2).</summary>
internal sealed record JpegFrame(bool Progressive, int Width, int Height, IReadOnlyList<JpegFrame.Component> Components)
{
    public int MaxH => Components.Max(c => c.H);

    public int MaxV => Components.Max(c => c.V);

    /// <summary>MCUs per row and rows of MCUs of an interleaved scan.</summary>
    public (int Columns, int Rows) McuGrid => (DivUp(Width, 8 * MaxH), DivUp(Height, 8 * MaxV));

    /// <summary>Blocks per row and rows of blocks of a scan of this component alone (non-interleaved).</summary>
    public (int Columns, int Rows) BlockGrid(Component component) =>
        (DivUp(DivUp(Width * component.H, MaxH), 8), DivUp(DivUp(Height * component.V, MaxV), 8));

    public static JpegFrame Parse(ReadOnlySpan<byte> segment, byte marker)
    {
        if (segment.Length < 6)
        {
            throw new InvalidDataException("The frame header (SOF) is cut short.");
        }

        var height = (segment[1] << 8) | segment[2];
        var width = (segment[3] << 8) | segment[4];
        var count = segment[5];
        if (width == 0)
        {
            throw new InvalidDataException("The frame header gives a width of 0.");
        }

        if (height == 0)
        {
            throw new NotSupportedException("The frame header leaves the height to a later DNL marker, which is not supported.");
        }

        if (count is 0 or > 4 || segment.Length < 6 + (3 * count))
        {
            throw new InvalidDataException($"The frame header declares {count} colour components.");
        }

        var components = new Component[count];
        for (var i = 0; i < count; i++)
        {
            var sampling = segment[7 + (3 * i)];
            var (h, v) = (sampling >> 4, sampling & 0x0F);
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw new InvalidDataException($"A colour component has sampling factors {h}×{v} (1 to 4 allowed).");
            }

            components[i] = new Component(segment[6 + (3 * i)], h, v);
        }

        return new JpegFrame(marker == 0xC2, width, height, components);
    }

    private static int DivUp(int value, int divisor) => (value + divisor - 1) / divisor;

    public sealed record Component(int Id, int H, int V);
}
