namespace GroundedSam.Inference.Imaging.Jpeg;

/// <summary>
/// A JPEG Huffman table (ITU T.81 §C, Annex F.2.2.3) in the form a decoder walks: codes of up to
/// <see cref="LookupBits"/> bits from one table lookup, longer ones by the canonical <c>maxcode</c> rule.
/// </summary>
internal sealed class HuffmanTable
{
    public const int LookupBits = 9;

    /// <summary>Bits looked at by <see cref="Fast"/>.</summary>
    public const int FastBits = 11;

    /// <summary>In a <see cref="Fast"/> entry: the end-of-block flag.</summary>
    public const int EndOfBlock = 1 << 10;

    // Per lookup index: (code length << 8) | symbol, or 0 when the code is longer than LookupBits.
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _symbols;

    /// <summary>
    /// Per <see cref="FastBits"/> bits: a code and its extra bits together, as libjpeg-turbo's "fast AC" does:
    /// bits 0-4 the bits they take, bits 5-9 how many coefficients they advance (run + 1, or 16 for ZRL),
    /// <see cref="EndOfBlock"/> for EOB; 0 when the code and its extra bits are longer, or the symbol is an EOB run.
    /// </summary>
    public ushort[] Fast { get; } = new ushort[1 << FastBits];

    private HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        _symbols = symbols.ToArray();
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var count = counts[length - 1];
            _valueOffset[length] = k - code;
            for (var i = 0; i < count; i++, k++, code++)
            {
                if (code >= 1 << length)
                {
                    throw new InvalidDataException("A Huffman table defines more codes than its code lengths allow.");
                }

                AddFast(code, length, symbols[k]);
                if (length <= LookupBits)
                {
                    var shift = LookupBits - length;
                    var first = code << shift;
                    for (var fill = 0; fill < 1 << shift; fill++)
                    {
                        _lookup[first + fill] = (ushort)((length << 8) | symbols[k]);
                    }
                }
            }

            _maxCode[length] = count == 0 ? -1 : code - 1;
            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    private void AddFast(int code, int length, byte symbol)
    {
        var (run, size) = (symbol >> 4, symbol & 0x0F);
        if (length + size > FastBits || (size == 0 && symbol != 0x00 && symbol != 0xF0))
        {
            return;
        }

        var entry = (ushort)(symbol == 0x00 ? length | EndOfBlock : (length + size) | ((size == 0 ? 16 : run + 1) << 5));
        var shift = FastBits - length;
        for (var fill = 0; fill < 1 << shift; fill++)
        {
            Fast[(code << shift) + fill] = entry;
        }
    }

    /// <summary>Reads one table from a DHT segment at <paramref name="offset"/>; returns the table and the bytes it took.</summary>
    public static (HuffmanTable Table, int Length) Parse(ReadOnlySpan<byte> segment, int offset)
    {
        if (offset + 17 > segment.Length)
        {
            throw new InvalidDataException("A Huffman table is cut short.");
        }

        var counts = segment.Slice(offset + 1, 16);
        var total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total > 256 || offset + 17 + total > segment.Length)
        {
            throw new InvalidDataException("A Huffman table lists more symbols than it holds.");
        }

        return (new HuffmanTable(counts, segment.Slice(offset + 17, total)), 17 + total);
    }

    /// <summary>Decodes one symbol from the top 16 bits of <paramref name="peek"/>; returns (symbol, code length), length 0 for no code.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public (int Symbol, int Length) Decode(int peek)
    {
        var entry = _lookup[peek >> (16 - LookupBits)];
        return entry != 0 ? (entry & 0xFF, entry >> 8) : DecodeLong(peek);
    }

    private (int Symbol, int Length) DecodeLong(int peek)
    {
        for (var length = LookupBits + 1; length <= 16; length++)
        {
            var code = peek >> (16 - length);
            if (code <= _maxCode[length])
            {
                return (_symbols[code + _valueOffset[length]], length);
            }
        }

        return (0, 0);
    }
}
