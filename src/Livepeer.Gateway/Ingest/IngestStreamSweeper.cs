using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>Drops inactive pushed streams in the background, several times per <see cref="LivepeerGatewayOptions.IngestStreamTimeout"/>.</summary>
internal sealed class IngestStreamSweeper(IngestStreamStore store, IOptions<LivepeerGatewayOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(15);

    /// <summary>A quarter of the timeout, so a stream outlives it by at most a quarter; between 1 s and 15 s.</summary>
    public static TimeSpan IntervalFor(TimeSpan timeout)
    {
        var quarter = timeout / 4;
        return quarter < MinInterval ? MinInterval : quarter > MaxInterval ? MaxInterval : quarter;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = IntervalFor(options.Value.IngestStreamTimeout);
        try
        {
            // Runs until the host stops; each pass is one lock per stream and ends as soon as it has looked at each.
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
                store.RemoveInactive();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
