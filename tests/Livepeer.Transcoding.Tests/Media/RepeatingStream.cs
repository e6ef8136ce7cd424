namespace Livepeer.Transcoding.Tests.Media;

/// <summary>A read-only stream of a given length made of one buffer repeated; never held in memory whole.</summary>
internal sealed class RepeatingStream : Stream
{
    private readonly byte[] _pattern;
    private readonly long _length;
    private long _position;

    public RepeatingStream(byte[] pattern, long length)
    {
        _pattern = pattern;
        _length = length;
    }

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var remaining = (int)Math.Min(buffer.Length, _length - _position);
        var written = 0;
        while (written < remaining)
        {
            var start = (int)((_position + written) % _pattern.Length);
            var chunk = Math.Min(remaining - written, _pattern.Length - start);
            _pattern.AsSpan(start, chunk).CopyTo(buffer[written..]);
            written += chunk;
        }

        _position += written;
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
