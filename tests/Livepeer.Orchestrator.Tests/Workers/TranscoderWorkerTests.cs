using Livepeer.Network;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests.Workers;

/// <summary>Our orchestrator side and our worker, in one process, over a real Kestrel on 127.0.0.1.</summary>
[CancelAfter(30_000)]
public sealed class TranscoderWorkerTests
{
    [Test]
    public async Task TranscodeAsync_RegisteredWorker_ReturnsRenditionsWithWorkerPixels()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        var transcoder = new FakeTranscoder("w1", pixelsPerRendition: 777);
        await using var worker = TestWorker.Start(orchestrator.Address, transcoder, capacity: 2);
        await orchestrator.WaitForWorkersAsync(1);

        var segment = WorkerTests.Segment(sequence: 42);
        var result = await orchestrator.Dispatcher.TranscodeAsync(segment, WorkerTests.Profiles, new TranscodeOptions { SessionId = "sess-a" });

        Assert.That(result.Renditions, Has.Count.EqualTo(2));
        Assert.That(result.Renditions.Select(r => r.Pixels), Is.EqualTo(new long[] { 777, 778 }));
        Assert.That(result.Renditions.Select(r => r.Profile.Name), Is.EqualTo(WorkerTests.Profiles.Select(p => p.Name)));
        Assert.That(System.Text.Encoding.UTF8.GetString(result.Renditions[1].Data.Span), Is.EqualTo("w1:P240p30fps16x9:42"));
        Assert.That(result.Renditions[0].Width, Is.EqualTo(256));

        Assert.That(transcoder.Calls.TryPeek(out var call), Is.True);
        Assert.That(call.Segment.Data.ToArray(), Is.EqualTo(segment.Data.ToArray()), "the worker downloaded the input from the orchestrator's store");
        Assert.That(call.Segment.SequenceNumber, Is.EqualTo(42));
        Assert.That(call.Segment.Duration, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(call.Options?.SessionId, Is.EqualTo("sess-a"));
        Assert.That(call.Profiles, Is.EqualTo(WorkerTests.Profiles));
        Assert.That(orchestrator.Storage.Count, Is.Zero, "the task's input is removed from the store once answered");

        var status = orchestrator.Manager.GetWorkers().Single();
        Assert.That(status.Capacity, Is.EqualTo(2));
        Assert.That(status.Load, Is.EqualTo(1), "the session stays placed on the worker");
        Assert.That(status.Capabilities, Is.EqualTo(CapabilitySet.DefaultTranscoder));
    }

    [Test]
    public async Task TranscodeAsync_TlsOrchestratorWithSelfSignedCertificate_WorkerServesIt()
    {
        using var certificate = SelfSignedCertificate();
        await using var orchestrator = await TestOrchestrator.StartAsync(certificate: certificate);
        var transcoder = new FakeTranscoder("tls", pixelsPerRendition: 31);
        await using var worker = TestWorker.Start(orchestrator.Address, transcoder);
        await orchestrator.WaitForWorkersAsync(1);

        var result = await orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(4), WorkerTests.Profiles, new TranscodeOptions { SessionId = "tls" });

        Assert.That(orchestrator.Address.Scheme, Is.EqualTo("https"));
        Assert.That(result.Renditions.Select(r => r.Pixels), Is.EqualTo(new long[] { 31, 32 }));
    }

    [Test]
    public async Task TranscodeAsync_WorkerTranscodeFails_ErrorTextReachesTheOrchestrator()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        var transcoder = new FakeTranscoder("w1") { Failure = new TranscodingException(TranscodeErrorCode.NoKeyframesInInput) };
        await using var worker = TestWorker.Start(orchestrator.Address, transcoder);
        await orchestrator.WaitForWorkersAsync(1);

        var error = await Assert.ThrowsAsync<TranscodingException>(() => orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(), WorkerTests.Profiles, new TranscodeOptions { SessionId = "s" }));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.NoKeyframesInInput));
        Assert.That(error.Message, Is.EqualTo("No keyframes in input"));
        Assert.That(orchestrator.Manager.Workers, Has.Count.EqualTo(1), "a failed transcode does not remove the worker");
    }

    [Test]
    public async Task RunAsync_InvalidSecret_StopsWithTypedFatalError()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        await using var worker = TestWorker.Start(orchestrator.Address, new FakeTranscoder("w"), secret: "wrong");

        var error = await Assert.ThrowsAsync<TranscoderWorkerException>(() => worker.Run.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscoderWorkerErrorCode.InvalidSecret));
        Assert.That(error.Message, Is.EqualTo("invalid secret"));
        Assert.That(error.IsTransient, Is.False);
        Assert.That(orchestrator.Manager.Workers, Is.Empty);
    }

    [Test]
    public async Task RegisterTranscoder_SecretDisabled_RefusesWithInvalidSecret()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(secret: null);
        using var client = WorkerTests.CreateGrpcClient(orchestrator.Address);

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => ReadFirstAsync(client, new Wire.RegisterRequest { Secret = string.Empty, Capacity = 1 }));

        Assert.That(error!.Detail, Is.EqualTo("invalid secret"));
    }

    [Test]
    public async Task RegisterTranscoder_ZeroCapacity_RefusedWithZeroCapacity()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        using var client = WorkerTests.CreateGrpcClient(orchestrator.Address);

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => ReadFirstAsync(client, new Wire.RegisterRequest { Secret = TestOrchestrator.Secret, Capacity = 0 }));

        Assert.That(error!.Detail, Is.EqualTo("zero capacity"));
        Assert.That(orchestrator.Manager.Workers, Is.Empty);
    }

    [Test]
    public async Task RunAsync_OrchestratorAnswersZeroCapacity_StopsWithTypedFatalError()
    {
        // Our worker cannot be configured with capacity 0, so a stand-in orchestrator refuses it the way go-livepeer does.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), null));
        await using var app = builder.Build();
        var calls = 0;
        app.MapGrpcMethods(b => b.AddServerStreamingMethod(TranscoderProtocol.RegisterTranscoder, (request, writer, context) =>
        {
            Interlocked.Increment(ref calls);
            throw new GrpcCallException(GrpcStatusCode.Unknown, "zero capacity");
        }));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        await using var worker = TestWorker.Start(address, new FakeTranscoder("w"));

        var error = await Assert.ThrowsAsync<TranscoderWorkerException>(() => worker.Run.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscoderWorkerErrorCode.ZeroCapacity));
        Assert.That(error.Message, Is.EqualTo("zero capacity"));
        await Task.Delay(300);
        Assert.That(Volatile.Read(ref calls), Is.EqualTo(1), "a fatal refusal is not retried");
        await app.StopAsync();
    }

    [Test]
    public async Task RegisterTranscoder_LegacyWorkerWithoutCapabilities_GetsTheDefaultSet()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        using var client = WorkerTests.CreateGrpcClient(orchestrator.Address);
        using var cts = new CancellationTokenSource();
        var stream = ReadFirstAsync(client, new Wire.RegisterRequest { Secret = TestOrchestrator.Secret, Capacity = 3 }, cts.Token);
        await orchestrator.WaitForWorkersAsync(1);

        var status = orchestrator.Manager.GetWorkers().Single();

        Assert.That(status.Capabilities, Is.EqualTo(CapabilitySet.DefaultTranscoder));
        Assert.That(status.Capacity, Is.EqualTo(3));
        await cts.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(() => stream);
        await orchestrator.WaitForWorkersAsync(0);
    }

    [Test]
    public async Task RunAsync_OrchestratorRestarts_WorkerRegistersAgain()
    {
        var first = await TestOrchestrator.StartAsync();
        var port = first.Port;
        var transcoder = new FakeTranscoder("w1");
        await using var worker = TestWorker.Start(first.Address, transcoder);
        await first.WaitForWorkersAsync(1);

        await first.DisposeAsync();
        await Task.Delay(200);
        await using var second = await TestOrchestrator.StartAsync(port: port);
        await second.WaitForWorkersAsync(1);
        var result = await second.Dispatcher.TranscodeAsync(WorkerTests.Segment(7), WorkerTests.Profiles, new TranscodeOptions { SessionId = "after-restart" });

        Assert.That(result.Renditions, Has.Count.EqualTo(2));
        Assert.That(worker.Run.IsCompleted, Is.False, "the worker keeps running across the restart");
    }

    [Test]
    public async Task TranscodeAsync_WorkerDisconnectsMidTask_FailsOverToAnotherWorker()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        var dropping = new FakeTranscoder("dropping") { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var steady = new FakeTranscoder("steady", pixelsPerRendition: 5);
        await using var first = TestWorker.Start(orchestrator.Address, dropping, capacity: 5);
        await orchestrator.WaitForWorkersAsync(1);
        await using var second = TestWorker.Start(orchestrator.Address, steady, capacity: 1);
        await orchestrator.WaitForWorkersAsync(2);

        var transcode = orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(3), WorkerTests.Profiles, new TranscodeOptions { SessionId = "moving" });
        await dropping.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await first.StopAsync();
        var result = await transcode.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(System.Text.Encoding.UTF8.GetString(result.Renditions[0].Data.Span), Does.StartWith("steady:"));
        Assert.That(result.Renditions[0].Pixels, Is.EqualTo(5));
        Assert.That(orchestrator.Manager.Workers.Single().Capacity, Is.EqualTo(1));
    }

    [Test]
    public async Task TranscodeAsync_WorkerMissesTheDeadline_FailsWithTimeout()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        orchestrator.Manager.MinimumResultTimeout = TimeSpan.FromMilliseconds(300);
        var slow = new FakeTranscoder("slow") { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var worker = TestWorker.Start(orchestrator.Address, slow);
        await orchestrator.WaitForWorkersAsync(1);

        var segment = WorkerTests.Segment() with { Duration = TimeSpan.FromMilliseconds(50) };
        var error = await Assert.ThrowsAsync<TranscodingException>(() => orchestrator.Dispatcher.TranscodeAsync(segment, WorkerTests.Profiles, new TranscodeOptions { SessionId = "slow" }));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.Timeout));
        Assert.That(error.Message, Is.EqualTo("Remote transcoder took too long"));
        slow.Gate.SetResult();
    }

    [Test]
    public async Task EndSessionAsync_SessionOnWorker_TeardownReachesTheWorker()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync();
        var transcoder = new FakeTranscoder("w1");
        await using var worker = TestWorker.Start(orchestrator.Address, transcoder);
        await orchestrator.WaitForWorkersAsync(1);
        await orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(), WorkerTests.Profiles, new TranscodeOptions { SessionId = "to-end" });
        Assert.That(orchestrator.Manager.Workers.Single().Load, Is.EqualTo(1));

        await orchestrator.Dispatcher.EndSessionAsync("to-end");
        var ended = await transcoder.SessionEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(ended, Is.EqualTo("to-end"));
        Assert.That(orchestrator.Manager.Workers.Single().Load, Is.Zero, "the session's slot is free again");
    }

    [Test]
    public async Task TranscodeAsync_LocalAndTwoWorkers_SessionsSpreadByCapacityThenBusy()
    {
        var local = new FakeTranscoder("local");
        await using var orchestrator = await TestOrchestrator.StartAsync(local: local, localCapacity: 2);
        var small = new FakeTranscoder("small");
        var large = new FakeTranscoder("large");
        await using var smallWorker = TestWorker.Start(orchestrator.Address, small, capacity: 1);
        await orchestrator.WaitForWorkersAsync(1);
        await using var largeWorker = TestWorker.Start(orchestrator.Address, large, capacity: 3);
        await orchestrator.WaitForWorkersAsync(2);

        var placed = new Dictionary<string, string>();
        for (var i = 0; i < 6; i++)
        {
            var result = await orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(i), [VideoProfile.P144p30fps16x9], new TranscodeOptions { SessionId = $"s{i}" });
            placed[$"s{i}"] = System.Text.Encoding.UTF8.GetString(result.Renditions[0].Data.Span).Split(':')[0];
        }

        var again = await orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(10), [VideoProfile.P144p30fps16x9], new TranscodeOptions { SessionId = "s0" });
        var busy = await Assert.ThrowsAsync<TranscodingException>(() => orchestrator.Dispatcher.TranscodeAsync(WorkerTests.Segment(11), [VideoProfile.P144p30fps16x9], new TranscodeOptions { SessionId = "s6" }));

        Assert.That(placed.Values.Count(v => v == "local"), Is.EqualTo(2));
        Assert.That(placed.Values.Count(v => v == "small"), Is.EqualTo(1));
        Assert.That(placed.Values.Count(v => v == "large"), Is.EqualTo(3));
        Assert.That(System.Text.Encoding.UTF8.GetString(again.Renditions[0].Data.Span), Does.StartWith(placed["s0"] + ":"), "a session stays where it was placed");
        Assert.That(busy!.ErrorCode, Is.EqualTo(TranscodeErrorCode.OrchestratorBusy));
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 SelfSignedCertificate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        // A PKCS#12 round trip gives a certificate whose key the TLS stack can use.
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            ephemeral.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), password: null);
    }

    private static async Task<Wire.NotifySegment?> ReadFirstAsync(HttpGrpcCallInvoker client, Wire.RegisterRequest request, CancellationToken cancellationToken = default)
    {
        await foreach (var message in client.ServerStreamingCallAsync(TranscoderProtocol.RegisterTranscoder, request, null, cancellationToken))
        {
            return message;
        }

        return null;
    }
}
