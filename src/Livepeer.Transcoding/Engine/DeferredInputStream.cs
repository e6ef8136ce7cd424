namespace Livepeer.Transcoding;

/// <summary>
/// The stdin source of an ffmpeg process started before its segment is known: reads wait until
/// <see cref="Provide"/> hands over the bytes, then return them and end.
/// </summary>
internal sealed class DeferredInputStream : Stream
{
    private readonly TaskCompletionSource<ReadOnlyMemory<byte>> _data = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Hands over the input; only the first call counts.</summary>
    public bool Provide(ReadOnlyMemory<byte> data) => _data.TrySetResult(data);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var data = await _data.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var count = Math.Min(buffer.Length, data.Length - _position);
        data.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
