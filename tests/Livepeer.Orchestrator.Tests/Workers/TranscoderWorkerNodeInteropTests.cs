using Livepeer.Tests.Shared;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Livepeer.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator.Tests.Workers;

/// <summary>
/// Our worker against a @grpc/grpc-js RegisterTranscoder server that loads the SDK's lp_rpc.proto. Needs node and
/// the packages that scripts/bootstrap-test-deps.sh installs (LIVEPEER_GRPC_NODE_MODULES).
/// </summary>
[Category("Interop")]
[CancelAfter(60_000)]
public sealed class TranscoderWorkerNodeInteropTests
{
    private static readonly string TestsDirectory = Path.GetDirectoryName(ThisFile())!;
    private static readonly string Script = Path.Combine(TestsDirectory, "node", "transcoder_server.js");
    private static readonly string ProtoPath = Path.GetFullPath(Path.Combine(TestsDirectory, "..", "..", "..", "src", "Livepeer.Network", "Protos", "net", "lp_rpc.proto"));

    private string _nodeModules = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _nodeModules = Environment.GetEnvironmentVariable("LIVEPEER_GRPC_NODE_MODULES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "livepeer-sdk", "npm", "node_modules");
        if (!File.Exists(Path.Combine(_nodeModules, "@grpc", "grpc-js", "package.json")) ||
            !File.Exists(Path.Combine(_nodeModules, "@grpc", "proto-loader", "package.json")))
        {
            Assert.Ignore($"@grpc/grpc-js and @grpc/proto-loader are not installed in '{_nodeModules}'; run scripts/bootstrap-test-deps.sh and source the env file.");
        }
    }

    [Test]
    public async Task RunAsync_NodeServerSendsASegment_WorkerRegistersAndTranscodesIt()
    {
        var input = new byte[3000];
        new Random(5).NextBytes(input);
        await using var media = await StartMediaServerAsync(input);
        await using var node = NodeProcess.Start(_nodeModules, [Script, ProtoPath, "accept", new Uri(media.Address, "/segment.ts").AbsoluteUri]);
        var port = await node.ReadLineAsync("LISTENING ", TimeSpan.FromSeconds(20));
        var transcoder = new FakeTranscoder("w");
        await using var worker = TestWorker.Start(new Uri($"http://127.0.0.1:{port}"), transcoder, capacity: 3);

        using var registration = JsonDocument.Parse(await node.ReadLineAsync("REGISTERED ", TimeSpan.FromSeconds(20)));
        await transcoder.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var root = registration.RootElement;
        Assert.That(root.GetProperty("secret").GetString(), Is.EqualTo(TestOrchestrator.Secret));
        Assert.That(root.GetProperty("capacity").GetString(), Is.EqualTo("3"));
        var words = root.GetProperty("bitstring").EnumerateArray().Select(w => ulong.Parse(w.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(words, Is.EqualTo(Livepeer.Network.CapabilitySet.DefaultTranscoder.Bitstring));

        Assert.That(transcoder.Calls.TryPeek(out var call), Is.True);
        Assert.That(call.Segment.Data.ToArray(), Is.EqualTo(input), "the worker downloaded the segment from the URL it was sent");
        Assert.That(call.Segment.SequenceNumber, Is.EqualTo(5));
        Assert.That(call.Options?.SessionId, Is.EqualTo("node-session"));
        Assert.That(call.Profiles.Single().Name, Is.EqualTo("P144p30fps16x9"));
        Assert.That(call.Profiles.Single().Width, Is.EqualTo(256));
    }

    [Test]
    public async Task RunAsync_NodeServerRejectsTheSecret_WorkerStopsWithTypedFatalError()
    {
        await using var node = NodeProcess.Start(_nodeModules, [Script, ProtoPath, "reject"]);
        var port = await node.ReadLineAsync("LISTENING ", TimeSpan.FromSeconds(20));
        await using var worker = TestWorker.Start(new Uri($"http://127.0.0.1:{port}"), new FakeTranscoder("w"), secret: "not-the-secret");

        var error = await Assert.ThrowsAsync<TranscoderWorkerException>(() => worker.Run.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscoderWorkerErrorCode.InvalidSecret));
        Assert.That(error.Message, Is.EqualTo("invalid secret"));
        using var registration = JsonDocument.Parse(await node.ReadLineAsync("REGISTERED ", TimeSpan.FromSeconds(5)));
        Assert.That(registration.RootElement.GetProperty("secret").GetString(), Is.EqualTo("not-the-secret"));
    }

    private static async Task<MediaServer> StartMediaServerAsync(byte[] segment)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/segment.ts", () => Results.Bytes(segment, "video/mp2t"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new MediaServer(app, address);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private sealed record MediaServer(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
