using System.Diagnostics.Metrics;

namespace Livepeer.Transcoding.Tests.Pool;

public sealed class TranscoderPoolTests
{
    // Costs at 30 fps: 3,072,000 < 6,912,000 < 27,648,000.
    private static readonly VideoProfile Small = new("small", 426, 240, 600_000, new FrameRate(30));
    private static readonly VideoProfile Medium = new("medium", 640, 360, 1_200_000, new FrameRate(30));
    private static readonly VideoProfile Large = new("large", 1280, 720, 4_000_000, new FrameRate(30));

    private FakeTranscoder _engine = null!;
    private ManualTimeProvider _time = null!;
    private TranscoderPool _pool = null!;

    [SetUp]
    public void SetUp()
    {
        _engine = new FakeTranscoder();
        _time = new ManualTimeProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        _engine.ReleaseAll();
        await _pool.DisposeAsync();
        Assert.That(_engine.Running, Is.Zero, "a transcode outlived the pool");
    }

    [Test]
    public void PlacementCost_Of_UsesIntegerFpsAndThirtyForPassthrough()
    {
        VideoProfile[] profiles =
        [
            new("ntsc", 1000, 100, 1, new FrameRate(30000, 1001)),
            new("passthrough", 10, 10, 1, FrameRate.Passthrough),
        ];

        Assert.That(PlacementCost.Of(profiles), Is.EqualTo((1000 * 100 * 29) + (10 * 10 * 30)));
    }

    [Test]
    public async Task TranscodeAsync_NewSession_GoesToDeviceWithLeastCost()
    {
        CreatePool(gpus: 3);

        await Send("a", Large);
        await Send("b", Medium);
        await Send("c", Small);
        await Send("d", Small);

        // Round robin alone would put "d" on GPU 0; the least loaded device is GPU 2 (one small session).
        Assert.That(new[] { DeviceOf("a"), DeviceOf("b"), DeviceOf("c"), DeviceOf("d") }, Is.EqualTo(new int?[] { 0, 1, 2, 2 }));
        var loads = _pool.GetSnapshot().Devices.Select(d => d.Load).ToArray();
        Assert.That(loads, Is.EqualTo(new[] { PlacementCost.Of([Large]), PlacementCost.Of([Medium]), 2 * PlacementCost.Of([Small]) }));
    }

    [Test]
    public async Task TranscodeAsync_LaterSegments_StayOnTheSessionDevice()
    {
        CreatePool(gpus: 2);
        await Send("a", Small, sequence: 0);
        await Send("b", Large);
        await Send("c", Large);

        for (var sequence = 1; sequence <= 3; sequence++)
        {
            await Send("a", Small, sequence);
        }

        Assert.That(_engine.Calls.Where(c => c.SessionId == "a").Select(c => c.Device), Is.EqualTo(new int?[] { 0, 0, 0, 0 }));
        Assert.That(_pool.GetSnapshot().Devices[0].Load, Is.EqualTo(PlacementCost.Of([Small]) + PlacementCost.Of([Large])));
    }

    [Test]
    public async Task TranscodeAsync_TiedLoads_SpreadRoundRobin()
    {
        CreatePool(gpus: 3);
        var devices = new List<int?>();
        foreach (var session in new[] { "a", "b", "c", "d" })
        {
            await Send(session, Small);
            devices.Add(DeviceOf(session));
            await _pool.EndSessionAsync(session);
        }

        Assert.That(devices, Is.EqualTo(new int?[] { 0, 1, 2, 0 }));
        Assert.That(_pool.GetSnapshot().Devices.Select(d => d.Load), Is.All.Zero);
    }

    [Test]
    public async Task TranscodeAsync_ForceSessionReinit_EndsEngineSessionAndReplaces()
    {
        CreatePool(gpus: 2);
        await Send("a", Small);
        await Send("b", Large);
        await Send("c", Small);
        Assert.That((DeviceOf("a"), DeviceOf("b"), DeviceOf("c")), Is.EqualTo(((int?)0, (int?)1, (int?)0)));
        await _pool.EndSessionAsync("b");

        await Send("a", Small, sequence: 1, reinit: true);
        await Send("a", Small, sequence: 2);

        var calls = _engine.Calls.Where(c => c.SessionId == "a").ToArray();
        Assert.That(calls.Select(c => c.Device), Is.EqualTo(new int?[] { 0, 1, 1 }));
        Assert.That(calls[1].ForceSessionReinit, Is.True);
        Assert.That(_engine.EndedSessions, Is.EquivalentTo(new[] { "b", "a" }));
        Assert.That(_pool.GetSnapshot().Devices.Select(d => d.Load), Is.EqualTo(new[] { PlacementCost.Of([Small]), PlacementCost.Of([Small]) }));
    }

    [Test]
    public async Task TranscodeAsync_FirstSegmentForcesReinit_PlacesOnce()
    {
        CreatePool(gpus: 2);

        await Send("a", Small, reinit: true);

        Assert.That(_engine.EndedSessions, Is.Empty);
        Assert.That(_pool.GetSnapshot().Devices.Sum(d => d.Sessions), Is.EqualTo(1));
    }

    [Test]
    public async Task TranscodeAsync_EngineError_EndsSessionAndNextSegmentIsPlacedAgain()
    {
        CreatePool(gpus: 2);
        await Send("a", Small);
        await Send("b", Medium);
        await Send("c", Large);
        Assert.That((DeviceOf("a"), DeviceOf("b"), DeviceOf("c")), Is.EqualTo(((int?)0, (int?)1, (int?)0)));
        _engine.Fail = call => call is { SessionId: "a", Sequence: 1 };

        var error = await Assert.ThrowsAsync<TranscodingException>(() => Send("a", Small, sequence: 1));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidData));
        await ManualTimeProvider.WaitUntilAsync(() => _engine.EndedSessions.Contains("a"), "the engine session of a is ended");
        Assert.That(_pool.GetSnapshot().Sessions, Is.EqualTo(2));

        await Send("a", Small, sequence: 2);

        Assert.That(DeviceOf("a"), Is.EqualTo(1), "GPU 1 (medium) is now lighter than GPU 0 (large)");
        Assert.That(_pool.GetSnapshot().Sessions, Is.EqualTo(3));
    }

    [Test]
    public async Task TranscodeAsync_ErrorWithSegmentsQueued_QueuedSegmentsRunOnNewPlacementInOrder()
    {
        CreatePool(gpus: 1);
        _engine.Hold = true;
        _engine.Fail = call => call.Sequence == 0;
        var first = Send("a", Small, sequence: 0);
        await ManualTimeProvider.WaitUntilAsync(() => _engine.Calls.Count == 1, "the first segment runs");
        var second = Send("a", Small, sequence: 1);
        var third = Send("a", Small, sequence: 2);

        _engine.Hold = false;
        _engine.ReleaseAll();

        Assert.That((await Assert.ThrowsAsync<TranscodingException>(() => first))!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidData));
        await second;
        await third;
        Assert.That(_engine.Calls.Select(c => c.Sequence), Is.EqualTo(new long[] { 0, 1, 2 }));
        Assert.That(_engine.EndedSessions, Is.EqualTo(new[] { "a" }));
        Assert.That(_pool.GetSnapshot().Devices[0].Sessions, Is.EqualTo(1));
    }

    [Test]
    public async Task TranscodeAsync_SessionIdleFor70Seconds_IsTornDown()
    {
        CreatePool(gpus: 1);
        await Send("a", Large);
        await ManualTimeProvider.WaitUntilAsync(
            () => _time.PendingTimers is [var idle] && idle == TimeSpan.FromSeconds(70),
            "the session waits for its next segment");

        _time.Advance(TimeSpan.FromSeconds(69));
        await Task.Delay(50);
        Assert.That(_pool.GetSnapshot().Sessions, Is.EqualTo(1));
        Assert.That(_engine.EndedSessions, Is.Empty);

        _time.Advance(TimeSpan.FromSeconds(1));

        await ManualTimeProvider.WaitUntilAsync(() => _engine.EndedSessions.Contains("a"), "the engine session is ended");
        var snapshot = _pool.GetSnapshot();
        Assert.That(snapshot.Sessions, Is.Zero);
        Assert.That(snapshot.Devices[0].Load, Is.Zero);
        Assert.That(snapshot.Devices[0].Sessions, Is.Zero);
    }

    [Test]
    public async Task TranscodeAsync_SegmentAfterIdleTeardown_StartsNewSession()
    {
        CreatePool(gpus: 2);
        await Send("a", Small);
        await ManualTimeProvider.WaitUntilAsync(() => _time.PendingTimers is [_], "the session waits");
        _time.Advance(TimeSpan.FromSeconds(70));
        await ManualTimeProvider.WaitUntilAsync(() => _engine.EndedSessions.Count == 1, "the session is torn down");

        await Send("a", Small, sequence: 1);

        Assert.That(_pool.GetSnapshot().Sessions, Is.EqualTo(1));
        Assert.That(_engine.Calls.Select(c => c.Device), Is.EqualTo(new int?[] { 0, 1 }), "placed afresh, round robin on the tie");
    }

    [Test]
    public async Task TranscodeAsync_QueueOfFourFull_ThrowsTranscoderBusy()
    {
        CreatePool(gpus: 1);
        _engine.Hold = true;
        var running = Send("a", Small, sequence: 0);
        await ManualTimeProvider.WaitUntilAsync(() => _engine.Calls.Count == 1, "the first segment runs");
        var queued = Enumerable.Range(1, PoolSession.QueueCapacity).Select(i => Send("a", Small, i)).ToArray();

        var busy = await Assert.ThrowsAsync<TranscodingException>(() => Send("a", Small, sequence: 5));

        Assert.That(busy!.ErrorCode, Is.EqualTo(TranscodeErrorCode.TranscoderBusy));
        Assert.That(busy.Message, Is.EqualTo("TranscoderBusy"));
        _engine.Hold = false;
        _engine.ReleaseAll();
        await running;
        await Task.WhenAll(queued);
        Assert.That(_engine.Calls.Select(c => c.Sequence), Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
        Assert.That(_engine.MaxRunning, Is.EqualTo(1), "one segment of a session at a time");
    }

    [Test]
    public async Task TranscodeAsync_BeyondMaxSessions_ThrowsOrchestratorCapped()
    {
        CreatePool(gpus: 1, maxSessions: 2);
        await Send("a", Small);
        await Send("b", Small);

        var capped = await Assert.ThrowsAsync<TranscodingException>(() => Send("c", Small));

        Assert.That(capped!.ErrorCode, Is.EqualTo(TranscodeErrorCode.OrchestratorCapped));
        await Send("a", Small, sequence: 1);
        await _pool.EndSessionAsync("a");
        await Send("c", Small);
        Assert.That(_pool.GetSnapshot().Sessions, Is.EqualTo(2));
    }

    [Test]
    public async Task TranscodeAsync_DeviceAtItsCap_WaitsForASlotAndRefusesSessionlessSegments()
    {
        CreatePool(gpus: 0, cpuCap: 2);
        _engine.Hold = true;
        var sessions = new[] { "a", "b", "c" }.Select(s => Send(s, Small)).ToArray();
        await ManualTimeProvider.WaitUntilAsync(() => _engine.Calls.Count == 2, "two segments run");
        await Task.Delay(50);
        Assert.That(_engine.Calls, Has.Count.EqualTo(2));
        Assert.That(_pool.GetSnapshot().Devices[0], Is.EqualTo(new TranscoderDeviceLoad(null, 3 * PlacementCost.Of([Small]), 3, 2, 2)));

        var busy = await Assert.ThrowsAsync<TranscodingException>(() => Send(null, Small));

        Assert.That(busy!.ErrorCode, Is.EqualTo(TranscodeErrorCode.OrchestratorBusy));
        _engine.Hold = false;
        _engine.ReleaseAll();
        await Task.WhenAll(sessions);
        Assert.That(_engine.Calls, Has.Count.EqualTo(3));
        Assert.That(_engine.MaxRunning, Is.EqualTo(2));
        Assert.That(_engine.Calls.Select(c => c.Device), Is.All.Null, "the CPU is passed as no GPU");
    }

    [Test]
    public async Task TranscodeAsync_NoSessionId_RunsOnFreeDeviceWithoutSessionState()
    {
        CreatePool(gpus: 2);

        var result = await Send(null, Medium);

        Assert.That(result.Renditions, Has.Count.EqualTo(1));
        Assert.That(_engine.Calls.Single().SessionId, Is.Null);
        var snapshot = _pool.GetSnapshot();
        Assert.That(snapshot.Sessions, Is.Zero);
        Assert.That(snapshot.Devices.Select(d => d.Load), Is.All.Zero);
        Assert.That(_engine.EndedSessions, Is.Empty);
    }

    [Test]
    public async Task TranscodeAsync_SegmentTimesOut_CancelsEngineCallAndEndsSession()
    {
        CreatePool(gpus: 1, segmentTimeout: TimeSpan.FromSeconds(5));
        _engine.Hold = true;
        var pending = Send("a", Small);
        await ManualTimeProvider.WaitUntilAsync(() => _engine.Calls.Count == 1 && _time.PendingTimers.Contains(TimeSpan.FromSeconds(5)), "the segment runs");
        Assert.That(_engine.Calls[0].Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));

        _time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<TranscodingException>(() => pending);
        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.Timeout));
        Assert.That(_engine.Calls[0].WasCancelled, Is.True);
        await ManualTimeProvider.WaitUntilAsync(() => _engine.EndedSessions.Contains("a"), "the session is ended");
        Assert.That(_pool.GetSnapshot().Sessions, Is.Zero);
    }

    [Test]
    public async Task TranscodeAsync_CallerCancelsQueuedSegment_SkipsIt()
    {
        CreatePool(gpus: 1);
        _engine.Hold = true;
        var running = Send("a", Small, sequence: 0);
        await ManualTimeProvider.WaitUntilAsync(() => _engine.Calls.Count == 1, "the first segment runs");
        using var cancel = new CancellationTokenSource();
        var cancelled = Send("a", Small, sequence: 1, cancellationToken: cancel.Token);
        var kept = Send("a", Small, sequence: 2);

        await cancel.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        _engine.Hold = false;
        _engine.ReleaseAll();
        await running;
        await kept;

        Assert.That(_engine.Calls.Select(c => c.Sequence), Is.EqualTo(new long[] { 0, 2 }));
    }

    [Test]
    public async Task TranscodeAsync_PinnedGpuNotInPool_ThrowsInvalidHardware()
    {
        CreatePool(gpus: 1);

        var error = await Assert.ThrowsAsync<TranscodingException>(() => _pool.TranscodeAsync(Segment(0), [Small], new TranscodeOptions { SessionId = "a", Device = 3 }));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidHardware));
        Assert.That(_engine.Calls, Is.Empty);
    }

    [Test]
    public async Task DisposeAsync_WithRunningAndQueuedSegments_StopsThemAndEndsEverySession()
    {
        CreatePool(gpus: 2);
        _engine.Hold = true;
        var a0 = Send("a", Small, sequence: 0);
        var b0 = Send("b", Small, sequence: 0);
        await ManualTimeProvider.WaitUntilAsync(() => _engine.Calls.Count == 2, "both sessions run");
        var a1 = Send("a", Small, sequence: 1);

        await _pool.DisposeAsync();

        foreach (var task in new[] { a0, b0, a1 })
        {
            var error = await Assert.ThrowsAsync<TranscodingException>(() => task);
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.Stopped));
        }

        Assert.That(_engine.Calls.Where(c => c.Sequence == 0).Select(c => c.WasCancelled), Is.All.True);
        Assert.That(_engine.Calls, Has.Count.EqualTo(2), "the queued segment never reached the engine");
        Assert.That(_engine.EndedSessions, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(_engine.Running, Is.Zero);
        Assert.That(async () => await Send("c", Small), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task TranscodeAsync_Sessions_AreMeasured()
    {
        var measurements = new List<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Livepeer.Transcoding")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
            {
                if (t.Key is "reason" or "outcome")
                {
                    tag = t.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tag));
            }
        });
        listener.Start();
        CreatePool(gpus: 1, maxSessions: 1);

        await Send("a", Small);
        Assert.That(async () => await Send("b", Small), Throws.InstanceOf<TranscodingException>());
        await _pool.EndSessionAsync("a");

        lock (measurements)
        {
            Assert.That(measurements.Where(m => m.Instrument == "livepeer.transcoding.sessions").Select(m => m.Value), Is.EqualTo(new long[] { 1, -1 }));
            Assert.That(measurements, Does.Contain(("livepeer.transcoding.busy_rejections", 1L, (string?)"orchestrator_capped")));
            Assert.That(measurements, Does.Contain(("livepeer.transcoding.segments", 1L, (string?)"ok")));
            Assert.That(measurements.Where(m => m.Instrument == "livepeer.transcoding.pixels").Sum(m => m.Value), Is.EqualTo(60L * 426 * 240));
        }
    }

    private void CreatePool(int gpus, int cpuCap = 0, int gpuCap = 4, int maxSessions = 10, TimeSpan? segmentTimeout = null)
    {
        var devices = Enumerable.Range(0, gpus).Select(i => new PoolDeviceSpec(i, gpuCap)).ToList();
        if (cpuCap > 0)
        {
            devices.Add(new PoolDeviceSpec(null, cpuCap));
        }

        var settings = new PoolSettings(maxSessions, segmentTimeout ?? TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(70));
        _pool = new TranscoderPool(_engine, devices, settings, _time);
    }

    private static TranscodeSegment Segment(long sequence) => new(new byte[] { 0x47 }) { SequenceNumber = sequence };

    private Task<TranscodeResult> Send(string? session, VideoProfile profile, long sequence = 0, bool reinit = false, CancellationToken cancellationToken = default) =>
        _pool.TranscodeAsync(Segment(sequence), [profile], new TranscodeOptions { SessionId = session, ForceSessionReinit = reinit }, cancellationToken);

    private int? DeviceOf(string session) => _engine.Calls.Last(c => c.SessionId == session).Device;
}
