using System.Buffers;
using System.Net.Sockets;

namespace Livepeer.Transcoding;

/// <summary>
/// Outputs over Unix domain sockets: the SDK listens on one socket per output in a private (0700) directory and
/// ffmpeg connects to each through its <c>unix:</c> protocol. Chosen over named FIFOs because a pending accept
/// can be cancelled cleanly when ffmpeg fails before opening an output, while a blocked FIFO open cannot
/// (see docs/designs/transcoding-engine.md for the measurements).
/// </summary>
internal sealed class UnixSocketOutputTransport : IFFmpegOutputTransport
{
    private const int ReceiveChunk = 64 * 1024;

    private readonly string _directory;
    private readonly Socket[] _listeners;
    private readonly byte[][] _received;
    private readonly bool[] _opened;
    private readonly long _maxOutputBytes;
    private readonly CancellationTokenSource _acceptCancellation = new();
    private int _disposed;

    private UnixSocketOutputTransport(string directory, Socket[] listeners, string[] urls, long maxOutputBytes)
    {
        _directory = directory;
        _listeners = listeners;
        _maxOutputBytes = maxOutputBytes;
        _received = new byte[listeners.Length][];
        _opened = new bool[listeners.Length];
        Array.Fill(_received, []);
        OutputUrls = urls;
    }

    public IReadOnlyList<string> OutputUrls { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Outputs => Array.ConvertAll(_received, bytes => (ReadOnlyMemory<byte>)bytes);

    /// <summary>Creates a private directory with <paramref name="count"/> listening sockets.</summary>
    public static UnixSocketOutputTransport Create(int count, long maxOutputBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutputBytes, 1);

        var directory = PrivateTempDirectory.Create();
        var listeners = new Socket[count];
        var urls = new string[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                var path = Path.Combine(directory, $"o{i}.sock");
                var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listeners[i] = listener;
                listener.Bind(new UnixDomainSocketEndPoint(path));
                listener.Listen(1);
                urls[i] = "unix:" + path;
            }
        }
        catch
        {
            foreach (var listener in listeners)
            {
                listener?.Dispose();
            }

            PrivateTempDirectory.TryDelete(directory);
            throw;
        }

        return new UnixSocketOutputTransport(directory, listeners, urls, maxOutputBytes);
    }

    public async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var receivers = new Task[_listeners.Length];
        for (var i = 0; i < receivers.Length; i++)
        {
            receivers[i] = ReceiveOneAsync(i, cancellationToken);
        }

        await Task.WhenAll(receivers).ConfigureAwait(false);
    }

    public void OnProcessExited()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _acceptCancellation.Cancel();
        }
    }

    public bool WasOpened(int index) => Volatile.Read(ref _opened[index]);

    private async Task ReceiveOneAsync(int index, CancellationToken cancellationToken)
    {
        Socket connection;
        using (var accept = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _acceptCancellation.Token))
        {
            try
            {
                connection = await _listeners[index].AcceptAsync(accept.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // ffmpeg has exited: a connection it made is already queued, anything else never came.
                if (!_listeners[index].Poll(0, SelectMode.SelectRead))
                {
                    return;
                }

                connection = _listeners[index].Accept();
            }
        }

        Volatile.Write(ref _opened[index], true);
        using (connection)
        {
            var buffer = new ArrayBufferWriter<byte>(ReceiveChunk);
            while (true)
            {
                var memory = buffer.GetMemory(ReceiveChunk);
                var read = await connection.ReceiveAsync(memory, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > _maxOutputBytes)
                {
                    throw new FFmpegException(FFmpegFailureKind.OutputTooLarge, $"Output {index} exceeded the limit of {_maxOutputBytes} bytes.");
                }
            }

            _received[index] = buffer.WrittenSpan.ToArray();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _acceptCancellation.Cancel();
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            _acceptCancellation.Dispose();
            PrivateTempDirectory.TryDelete(_directory);
        }

        return ValueTask.CompletedTask;
    }
}
