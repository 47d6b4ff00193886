namespace GroundedSam.Storage;

/// <summary>
/// A download destination that passes writes through until <c>limit</c> bytes, then throws
/// <see cref="ObjectTooLargeException"/>: an object larger than its listing said, or than the reader allows, can fill
/// neither memory nor disk. A store that learns the object's size with the read (<see cref="Expect"/>) refuses a larger
/// one before its body. Disposing it leaves <c>inner</c> open.
/// </summary>
public sealed class SizeLimitedStream(Stream inner, long limit) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count(buffer.Length);
        inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Length);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// Told by a store how many bytes the object has (S3's Content-Length, a file's length) before its body is read:
    /// more than the limit is refused at once, and a memory buffer underneath is sized once for them.
    /// </summary>
    /// <exception cref="ObjectTooLargeException">The object is larger than the limit.</exception>
    public void Expect(long length)
    {
        if (length > limit)
        {
            throw new ObjectTooLargeException(limit);
        }

        if (inner is MemoryStream { Position: 0 } buffer && length > buffer.Capacity && length <= Array.MaxLength)
        {
            buffer.Capacity = (int)length;
        }
    }

    private void Count(int bytes)
    {
        _written += bytes;
        if (_written > limit)
        {
            throw new ObjectTooLargeException(limit);
        }
    }
}
