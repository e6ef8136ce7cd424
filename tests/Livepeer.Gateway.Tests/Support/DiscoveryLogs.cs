using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>Collects log records so that tests can wait for a given event (an answer processed, say).</summary>
internal sealed class DiscoveryLogs : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<(int EventId, LogLevel Level, string Message)> _records = new();

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public ILogger<T> For<T>() => new Logger<T>(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public bool Has(int eventId, string contains = "") => _records.Any(r => r.EventId == eventId && r.Message.Contains(contains, StringComparison.Ordinal));

    /// <summary>Waits, at most <paramref name="timeout"/>, until an event <paramref name="eventId"/> whose message contains <paramref name="contains"/> is logged.</summary>
    public async Task WaitForAsync(int eventId, string contains = "", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!Has(eventId, contains))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No log event {eventId} containing '{contains}' within the time; logged: {string.Join(" | ", _records.Select(r => $"{r.EventId}: {r.Message}"))}");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(DiscoveryLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._records.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
