namespace GroundedSam.Inference.Imaging.Jpeg;

/// <summary>
/// Bits of a JPEG scan's entropy-coded data, most significant first, with stuffed zero bytes removed (T.81 §F.1.2.3).
/// At a marker the reader stops taking bytes and supplies 1-bits instead, as decoders do; <see cref="Overrun"/> then
/// tells whether any of those made-up bits were consumed, i.e. whether the data ended before the decoding did.
/// </summary>
internal ref struct EntropyReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _bits;
    private int _count;
    private int _padding;
    private bool _atMarker;
    private bool _exhausted;

    public EntropyReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
    }

    /// <summary>Bits past the end of the data were consumed.</summary>
    public readonly bool Overrun => _exhausted || _count < _padding;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(HuffmanTable table)
    {
        if (_count < 16)
        {
            Fill();
        }

        var (symbol, length) = table.Decode((int)(_bits >> 48));
        if (length == 0)
        {
            // No code: corrupt data, unless the 16 bits looked at ran into the padding after the data's end.
            if (_count - _padding >= 16)
            {
                throw new InvalidDataException("The entropy-coded data holds a code its Huffman table does not define.");
            }

            _exhausted = true;
            return 0;
        }

        _bits <<= length;
        _count -= length;
        return symbol;
    }

    /// <summary>Walks one block of a sequential scan: the DC difference, then AC symbols up to end-of-block (T.81 §F.2.2).</summary>
    public void SequentialBlock(HuffmanTable dc, HuffmanTable ac)
    {
        if (_count < 32)
        {
            Fill();
        }

        var entry = dc.Fast[(int)(_bits >> (64 - HuffmanTable.FastBits))];
        if (entry != 0)
        {
            Consume(entry & 31);
        }
        else
        {
            Skip(DecodeSymbol(dc) & 0x0F);
        }

        for (var k = 1; k < 64;)
        {
            if (_count < 32)
            {
                Fill();
            }

            entry = ac.Fast[(int)(_bits >> (64 - HuffmanTable.FastBits))];
            if (entry != 0)
            {
                Consume(entry & 31);
                if ((entry & HuffmanTable.EndOfBlock) != 0)
                {
                    return;
                }

                k += (entry >> 5) & 31;
                continue;
            }

            var symbol = DecodeSymbol(ac);
            var (run, size) = (symbol >> 4, symbol & 0x0F);
            if (size == 0)
            {
                if (run != 15)
                {
                    return;
                }

                k += 16;
                continue;
            }

            Skip(size);
            k += run + 1;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Consume(int bits)
    {
        _bits <<= bits;
        _count -= bits;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Skip(int bits)
    {
        if (_count < bits)
        {
            Fill();
        }

        _bits <<= bits;
        _count -= bits;
    }

    public int Read(int bits)
    {
        if (bits == 0)
        {
            return 0;
        }

        if (_count < bits)
        {
            Fill();
        }

        var value = (int)(_bits >> (64 - bits));
        _bits <<= bits;
        _count -= bits;
        return value;
    }

    /// <summary>
    /// At the end of a restart interval: drops what is left of the interval and steps over the RST marker that must
    /// follow. Returns false when the next marker is not a restart marker (the scan ended early).
    /// </summary>
    public bool Restart()
    {
        _bits = 0;
        _count = 0;
        _padding = 0;
        _atMarker = false;
        _position = NextMarker(_data, _position);
        if (_position + 1 < _data.Length && _data[_position + 1] is >= 0xD0 and <= 0xD7)
        {
            _position += 2;
            return true;
        }

        return false;
    }

    /// <summary>The position of the first marker (its 0xFF) after the scan, restart markers stepped over.</summary>
    public readonly int EndOfScan() => EndOfScan(_data, _position);

    /// <summary>The position of the first marker (its 0xFF) at or after <paramref name="position"/> that is not a restart marker.</summary>
    public static int EndOfScan(ReadOnlySpan<byte> data, int position)
    {
        while (true)
        {
            position = NextMarker(data, position);
            if (position + 1 < data.Length && data[position + 1] is >= 0xD0 and <= 0xD7)
            {
                position += 2;
                continue;
            }

            return position;
        }
    }

    /// <summary>
    /// The 0xFF of the next marker at or after <paramref name="position"/> (not a stuffed 0xFF00; fill bytes and stray
    /// bytes passed over), or the end of the data. Used between segments as well as inside scans.
    /// </summary>
    internal static int NextMarker(ReadOnlySpan<byte> data, int position)
    {
        while (true)
        {
            var next = data[Math.Min(position, data.Length)..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return data.Length;
            }

            position += next;
            if (position + 1 >= data.Length)
            {
                return data.Length;
            }

            var following = data[position + 1];
            if (following == 0x00)
            {
                position += 2;
            }
            else if (following == 0xFF)
            {
                position++;
            }
            else
            {
                return position;
            }
        }
    }

    // Keeps at least 57 bits in the buffer; after a marker (or the end of the data) the bits are 1s, counted as padding.
    private void Fill()
    {
        // Fast path: the next 8 bytes hold no 0xFF (no stuffing, no marker), so whole bytes go in at once.
        if (!_atMarker && _position + 8 <= _data.Length)
        {
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_data[_position..]);
            if ((((~word) - 0x0101010101010101UL) & word & 0x8080808080808080UL) == 0)
            {
                var take = (64 - _count) >> 3;
                _bits |= take == 8 ? word : (word >> (64 - (8 * take))) << (64 - _count - (8 * take));
                _position += take;
                _count += 8 * take;
                return;
            }
        }

        while (_count <= 56)
        {
            ulong value = 0xFF;
            if (!_atMarker && _position < _data.Length)
            {
                var b = _data[_position];
                if (b != 0xFF)
                {
                    value = b;
                    _position++;
                }
                else if (_position + 1 < _data.Length && _data[_position + 1] == 0x00)
                {
                    _position += 2;
                }
                else if (_position + 1 < _data.Length && _data[_position + 1] == 0xFF)
                {
                    // Fill bytes before a marker.
                    _position++;
                    continue;
                }
                else
                {
                    _atMarker = true;
                    _padding += 8;
                }
            }
            else
            {
                _atMarker = true;
                _padding += 8;
            }

            _bits |= value << (56 - _count);
            _count += 8;
        }
    }
}
