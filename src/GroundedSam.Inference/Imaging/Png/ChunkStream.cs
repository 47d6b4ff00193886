namespace GroundedSam.Inference.Imaging.Png;

/// <summary>The payloads of a PNG's IDAT chunks read as one stream: the zlib stream they split between them.</summary>
internal sealed class ChunkStream(byte[] data, IReadOnlyList<(int Offset, int Length)> chunks) : Stream
{
    private int _chunk;
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_chunk < chunks.Count && _offset == chunks[_chunk].Length)
        {
            _chunk++;
            _offset = 0;
        }

        if (_chunk == chunks.Count || buffer.IsEmpty)
        {
            return 0;
        }

        var (start, length) = chunks[_chunk];
        var n = Math.Min(buffer.Length, length - _offset);
        data.AsSpan(start + _offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
