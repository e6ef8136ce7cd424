namespace Livepeer.Payments;

/// <summary>The polling loop shared by the chain pollers: poll, log a failed poll and try again after the interval.</summary>
internal static class PollLoop
{
    /// <summary>Polls every <paramref name="interval"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(
        Func<CancellationToken, Task> poll,
        Action<PaymentException> onFailure,
        TimeSpan interval,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await poll(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (PaymentException ex)
            {
                onFailure(ex);
            }
            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
