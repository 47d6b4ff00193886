namespace GroundedSam.Storage;

/// <summary>
/// Reads exactly <c>length</c> bytes from a caller's stream: never more, and an end of stream before that is an
/// <see cref="EndOfStreamException"/>. Both stores upload through it because Minio 7.0.0 stores a short last part
/// silently and reads a whole part size past the declared length on multipart uploads.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        if (wanted == 0)
        {
            return 0;
        }

        return Advance(inner.Read(buffer[..wanted]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Wanted(buffer.Length);
        if (wanted == 0)
        {
            return 0;
        }

        return Advance(await inner.ReadAsync(buffer[..wanted], cancellationToken));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Wanted(int bufferLength) => (int)Math.Min(bufferLength, length - _position);

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new EndOfStreamException($"The content stream ended after {_position} of the {length} bytes announced.");
        }

        _position += read;
        return read;
    }
}
