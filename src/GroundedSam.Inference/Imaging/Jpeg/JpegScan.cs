namespace GroundedSam.Inference.Imaging.Jpeg;

/// <summary>
/// One scan (SOS header and entropy-coded data), walked without decoding pixels: the Huffman symbols are read only to
/// count how many MCUs the data really holds, so that a header declaring a larger image than its data covers is
/// caught (decoders silently fill the rest with grey). Every scan of a sequential JPEG and the first DC and AC scans
/// of a progressive one are counted; AC refinement scans cannot be walked without the coefficients and are skipped.
/// </summary>
internal static class JpegScan
{
    /// <summary>Walks the scan whose SOS segment is <paramref name="header"/> and whose data starts at <paramref name="start"/>.</summary>
    /// <returns>The position of the marker after the scan, and whether its data covers the frame (within one MCU row).</returns>
    public static (int End, bool Complete) Walk(ReadOnlySpan<byte> data, int start, ReadOnlySpan<byte> header, JpegFrame frame,
        HuffmanTable?[] dcTables, HuffmanTable?[] acTables, int restartInterval)
    {
        var count = header.Length > 0 ? header[0] : 0;
        if (count is 0 or > 4 || header.Length < 1 + (2 * count) + 3)
        {
            throw new InvalidDataException("A scan header (SOS) is malformed.");
        }

        var components = new (JpegFrame.Component Component, HuffmanTable? Dc, HuffmanTable? Ac)[count];
        for (var i = 0; i < count; i++)
        {
            var id = header[1 + (2 * i)];
            var tables = header[2 + (2 * i)];
            var component = frame.Components.FirstOrDefault(c => c.Id == id)
                ?? throw new InvalidDataException($"A scan names colour component {id}, which the frame does not have.");
            components[i] = (component, dcTables[(tables >> 4) & 3], acTables[tables & 3]);
        }

        var spectralStart = header[1 + (2 * count)];
        var spectralEnd = header[2 + (2 * count)];
        var refining = header[3 + (2 * count)] >> 4 != 0;
        var reader = new EntropyReader(data, start);
        var kind = !frame.Progressive ? Kind.Sequential
            : spectralStart == 0 ? (refining ? Kind.DcRefine : Kind.DcFirst)
            : refining ? Kind.AcRefine : Kind.AcFirst;
        if (kind == Kind.AcRefine)
        {
            return (reader.EndOfScan(), true);
        }

        foreach (var (_, dc, ac) in components)
        {
            if ((kind is Kind.Sequential or Kind.DcFirst && dc is null) || (kind is Kind.Sequential or Kind.AcFirst && ac is null))
            {
                throw new InvalidDataException("A scan uses a Huffman table that was never defined.");
            }
        }

        var (columns, rows) = count == 1 ? frame.BlockGrid(components[0].Component) : frame.McuGrid;
        var total = (long)columns * rows;

        // The tables of each block of one MCU, in order: the inner loop then needs no lookups.
        var dcOfBlock = new List<HuffmanTable?>();
        var acOfBlock = new List<HuffmanTable?>();
        foreach (var (component, dc, ac) in components)
        {
            for (var b = count == 1 ? 1 : component.H * component.V; b > 0; b--)
            {
                dcOfBlock.Add(dc);
                acOfBlock.Add(ac);
            }
        }

        var decoded = Count(ref reader, kind, total, restartInterval, [.. dcOfBlock], [.. acOfBlock], spectralStart, spectralEnd);
        return (reader.EndOfScan(), decoded >= total - columns);
    }

    // MCUs whose data is all there, restart markers checked at the end of every interval.
    private static long Count(ref EntropyReader reader, Kind kind, long total, int restartInterval, HuffmanTable?[] dc, HuffmanTable?[] ac,
        int spectralStart, int spectralEnd)
    {
        var decoded = 0L;
        var endOfBands = 0;
        while (decoded < total)
        {
            if (restartInterval > 0 && decoded > 0 && decoded % restartInterval == 0)
            {
                endOfBands = 0;
                if (!reader.Restart())
                {
                    break;
                }
            }

            for (var b = 0; b < dc.Length; b++)
            {
                switch (kind)
                {
                    case Kind.Sequential:
                        reader.SequentialBlock(dc[b]!, ac[b]!);
                        break;
                    case Kind.DcFirst:
                        reader.Skip(reader.DecodeSymbol(dc[b]!) & 0x0F);
                        break;
                    case Kind.DcRefine:
                        reader.Skip(1);
                        break;
                    default:
                        FirstAcBlock(ref reader, ac[b]!, spectralStart, spectralEnd, ref endOfBands);
                        break;
                }
            }

            if (reader.Overrun)
            {
                break;
            }

            decoded++;
        }

        return decoded;
    }

    // The first pass over a band of AC coefficients, with end-of-band runs spanning blocks (T.81 §G.1.2.2).
    private static void FirstAcBlock(ref EntropyReader reader, HuffmanTable ac, int start, int end, ref int endOfBands)
    {
        if (endOfBands > 0)
        {
            endOfBands--;
            return;
        }

        for (var k = start; k <= end;)
        {
            var symbol = reader.DecodeSymbol(ac);
            var (run, size) = (symbol >> 4, symbol & 0x0F);
            if (size == 0)
            {
                if (run < 15)
                {
                    endOfBands = (1 << run) - 1 + reader.Read(run);
                    return;
                }

                k += 16;
                continue;
            }

            reader.Skip(size);
            k += run + 1;
        }
    }

    private enum Kind
    {
        Sequential,
        DcFirst,
        DcRefine,
        AcFirst,
        AcRefine,
    }
}
