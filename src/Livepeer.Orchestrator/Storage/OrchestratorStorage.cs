using System.Collections.Concurrent;

namespace Livepeer.Orchestrator;

/// <summary>
/// The orchestrator's built-in object store: renditions for gateways and segment inputs for remote transcoders live
/// here for a limited time and are served at <c>{serviceUri}/stream/{path}</c>.
/// </summary>
internal sealed class OrchestratorStorage
{
    public const string RoutePrefix = "/stream/";

    private readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly OrchestratorEndpoint _endpoint;
    private long _lastSweepTicks;

    public OrchestratorStorage(OrchestratorEndpoint endpoint, TimeSpan retention, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        _endpoint = endpoint;
        _retention = retention;
        _time = time ?? TimeProvider.System;
    }

    public int Count => _objects.Count;

    /// <summary>Stores <paramref name="data"/> under <paramref name="path"/> (e.g. <c>abcd1234/P240p30fps16x9/7.ts</c>) and returns its URL.</summary>
    public Uri Put(string path, ReadOnlyMemory<byte> data, string contentType)
    {
        ValidatePath(path);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        var now = _time.GetUtcNow();
        _objects[path] = new StoredObject(data, contentType, now + _retention);
        SweepIfDue(now);
        return UriFor(path);
    }

    public Uri UriFor(string path) => new(new Uri(_endpoint.Advertised), RoutePrefix + path);

    public bool TryGet(string path, out ReadOnlyMemory<byte> data, out string contentType)
    {
        if (_objects.TryGetValue(path, out var stored))
        {
            if (stored.Expires > _time.GetUtcNow())
            {
                data = stored.Data;
                contentType = stored.ContentType;
                return true;
            }

            _objects.TryRemove(new KeyValuePair<string, StoredObject>(path, stored));
        }

        data = default;
        contentType = string.Empty;
        return false;
    }

    public bool Remove(string path) => _objects.TryRemove(path, out _);

    /// <summary>Removes every object whose path starts with <paramref name="prefix"/> (a session's folder).</summary>
    public int RemovePrefix(string prefix)
    {
        var removed = 0;
        foreach (var key in _objects.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && _objects.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < TimeSpan.FromSeconds(10).Ticks
            || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var pair in _objects)
        {
            if (pair.Value.Expires <= now)
            {
                _objects.TryRemove(pair);
            }
        }
    }

    private static void ValidatePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.StartsWith('/') || path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("A storage path is relative and has no '..' or '\\'.", nameof(path));
        }
    }

    private sealed record StoredObject(ReadOnlyMemory<byte> Data, string ContentType, DateTimeOffset Expires);
}
