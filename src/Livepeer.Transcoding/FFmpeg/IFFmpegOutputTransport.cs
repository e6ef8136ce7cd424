namespace Livepeer.Transcoding;

/// <summary>
/// Carries ffmpeg's N outputs back to the process without temporary files. ffmpeg is given
/// <see cref="OutputUrls"/> as its output targets; the transport is receiving before ffmpeg starts.
/// </summary>
internal interface IFFmpegOutputTransport : IAsyncDisposable
{
    /// <summary>One ffmpeg output URL per output, in order.</summary>
    IReadOnlyList<string> OutputUrls { get; }

    /// <summary>Receives every output to its end; faults with <see cref="FFmpegException"/> when an output breaks a limit.</summary>
    Task ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tells the transport that ffmpeg has exited, so an output it never opened is finished as empty instead of
    /// being waited for.
    /// </summary>
    void OnProcessExited();

    /// <summary>The bytes received per output; complete once <see cref="ReceiveAsync"/> has finished.</summary>
    IReadOnlyList<ReadOnlyMemory<byte>> Outputs { get; }

    /// <summary>Whether ffmpeg opened output <paramref name="index"/> at all.</summary>
    bool WasOpened(int index);
}
