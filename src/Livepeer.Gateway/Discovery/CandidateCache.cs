using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>
/// The list of a discovery source that is fetched remotely: refreshed at most once per interval, by one caller at a
/// time, and kept when a refresh fails (a failing source is asked again only after the interval, as a healthy one is).
/// </summary>
internal sealed class CandidateCache : IDisposable
{
    private readonly string _sourceName;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<OrchestratorCandidate>? _cached;
    private DateTimeOffset _lastAttempt;

    public CandidateCache(string sourceName, TimeSpan interval, TimeProvider timeProvider, ILogger logger)
    {
        _sourceName = sourceName;
        _interval = interval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The cached list while it is fresh, else the list <paramref name="refresh"/> returns (it gets the previous list,
    /// or null). When the refresh throws an exception <paramref name="isFailure"/> accepts, the previous list is
    /// returned; with no previous list, <paramref name="noCachedList"/> makes the exception to throw (null rethrows).
    /// </summary>
    public async ValueTask<IReadOnlyList<OrchestratorCandidate>> GetAsync(
        Func<IReadOnlyList<OrchestratorCandidate>?, CancellationToken, Task<IReadOnlyList<OrchestratorCandidate>>> refresh,
        Func<Exception, bool> isFailure,
        Func<Exception, Exception>? noCachedList,
        CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            try
            {
                var candidates = await refresh(_cached, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _cached, candidates);
                _lastAttempt = _timeProvider.GetUtcNow();
                return candidates;
            }
            catch (Exception exception) when (isFailure(exception) && !cancellationToken.IsCancellationRequested)
            {
                if (_cached is null)
                {
                    if (noCachedList is null)
                    {
                        throw;
                    }

                    throw noCachedList(exception);
                }

                _lastAttempt = _timeProvider.GetUtcNow();
                DiscoveryLog.UsingCachedList(_logger, _sourceName, _cached.Count, exception);
                return _cached;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private IReadOnlyList<OrchestratorCandidate>? Fresh()
    {
        var cached = Volatile.Read(ref _cached);
        return cached is not null && _timeProvider.GetUtcNow() - _lastAttempt < _interval ? cached : null;
    }
}
