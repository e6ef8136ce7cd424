using Microsoft.Extensions.Hosting;

namespace Livepeer.Transcoding;

/// <summary>Probes the devices when the host starts, so the first segment does not pay for it, and ends every stream
/// session when it stops, so no ffmpeg outlives the host.</summary>
internal sealed class TranscoderPoolStartup(TranscoderPool pool) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => pool.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => pool.EndAllSessionsAsync(cancellationToken);
}
