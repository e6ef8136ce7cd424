using Microsoft.Extensions.Hosting;

namespace Livepeer.Protocol;

/// <summary>
/// A background loop that runs one pass every interval. A pass that fails with a protocol error is reported and
/// the loop goes on; only stopping the host ends it.
/// </summary>
public abstract class PollingService : BackgroundService
{
    private readonly TimeProvider _time;

    private protected PollingService(TimeProvider timeProvider) => _time = timeProvider;

    private protected abstract TimeSpan PollInterval { get; }

    private protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    private protected abstract void OnPassFailed(LivepeerProtocolException exception);

    /// <inheritdoc/>
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunPassAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (LivepeerProtocolException ex)
            {
                OnPassFailed(ex);
                await Task.Delay(PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
