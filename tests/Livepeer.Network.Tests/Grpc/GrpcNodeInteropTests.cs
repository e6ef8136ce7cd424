using Livepeer.Tests.Shared;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Livepeer.Network.Tests.Grpc;

/// <summary>
/// Our client against a @grpc/grpc-js server and a @grpc/grpc-js client against our Kestrel server. Needs node
/// and the packages that scripts/bootstrap-test-deps.sh installs (found through LIVEPEER_GRPC_NODE_MODULES).
/// </summary>
[Category("Interop")]
[CancelAfter(60_000)]
public sealed class GrpcNodeInteropTests
{
    private static readonly string TestsDirectory = Path.GetDirectoryName(ThisFile())!;
    private static readonly string ProtoPath = Path.Combine(TestsDirectory, "test_echo.proto");
    private static readonly string ScriptsDirectory = Path.Combine(TestsDirectory, "..", "Interop", "node");

    private string _nodeModules = string.Empty;
    private string _temp = string.Empty;

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

        _temp = Directory.CreateTempSubdirectory("lp-grpc-interop-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        if (_temp.Length > 0)
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Client_AgainstNodeServer_UnaryStreamingAndErrorsCross(bool tls)
    {
        var args = new List<string> { Path.Combine(ScriptsDirectory, "echo_server.js"), ProtoPath };
        if (tls)
        {
            args.AddRange(WritePem());
        }

        await using var node = NodeProcess.Start(_nodeModules, args);
        var port = await node.ReadListeningPortAsync(TimeSpan.FromSeconds(20));
        using var client = HttpGrpcCallInvoker.Create(new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}"));

        var reply = await client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { Text = "from dotnet", PayloadSize = 100 }, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.That(reply.Text, Is.EqualTo("from dotnet"));
        Assert.That(reply.Payload.Length, Is.EqualTo(100));

        var indices = new List<int>();
        await foreach (var message in client.ServerStreamingCallAsync(EchoMethods.Repeat, new EchoRequest { Count = 4, DelayMs = 10 }, TimeSpan.FromSeconds(10), CancellationToken.None))
        {
            indices.Add(message.Index);
        }

        Assert.That(indices, Is.EqualTo(new[] { 0, 1, 2, 3 }));

        var unaryError = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(
            EchoMethods.Say, new EchoRequest { FailCode = (int)GrpcStatusCode.PermissionDenied, FailMessage = "nöt allowed – 100%" }, null, CancellationToken.None));
        Assert.That(unaryError.StatusCode, Is.EqualTo(GrpcStatusCode.PermissionDenied));
        Assert.That(unaryError.Detail, Is.EqualTo("nöt allowed – 100%"));

        var streamed = new List<int>();
        var streamError = await Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            await foreach (var message in client.ServerStreamingCallAsync(EchoMethods.Repeat, new EchoRequest { Count = 2, FailCode = (int)GrpcStatusCode.Unavailable, FailMessage = "gone" }, null, CancellationToken.None))
            {
                streamed.Add(message.Index);
            }
        });
        Assert.That(streamed, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(streamError.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
        Assert.That(streamError.Detail, Is.EqualTo("gone"));

        var deadline = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(
            EchoMethods.Say, new EchoRequest { DelayMs = 5_000 }, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.That(deadline.StatusCode, Is.EqualTo(GrpcStatusCode.DeadlineExceeded));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task NodeClient_AgainstKestrelServer_UnaryStreamingAndErrorsCross(bool tls)
    {
        string? certificatePem = null;
        using var certificate = tls ? TestCertificates.CreateSelfSigned(out certificatePem, out _) : null;
        await using var server = await EchoTestServer.StartAsync(certificate);
        var args = new List<string> { Path.Combine(ScriptsDirectory, "echo_client.js"), ProtoPath, $"127.0.0.1:{server.Address.Port}" };
        if (tls)
        {
            var certificatePath = Path.Combine(_temp, "server-cert.pem");
            await File.WriteAllTextAsync(certificatePath, certificatePem!);
            args.Add(certificatePath);
        }

        await using var node = NodeProcess.Start(_nodeModules, args);
        var output = await node.ReadToEndAsync(TimeSpan.FromSeconds(40));
        using var results = JsonDocument.Parse(output);
        var root = results.RootElement;

        Assert.That(root.GetProperty("unary").GetProperty("code").GetInt32(), Is.Zero, output);
        Assert.That(root.GetProperty("unary").GetProperty("text").GetString(), Is.EqualTo("from node"));
        Assert.That(root.GetProperty("stream").GetProperty("code").GetInt32(), Is.Zero, output);
        Assert.That(Indices(root.GetProperty("stream")), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(root.GetProperty("unaryError").GetProperty("code").GetInt32(), Is.EqualTo((int)GrpcStatusCode.NotFound));
        Assert.That(root.GetProperty("unaryError").GetProperty("details").GetString(), Is.EqualTo("nöt found – 100%"));
        Assert.That(root.GetProperty("streamError").GetProperty("code").GetInt32(), Is.EqualTo((int)GrpcStatusCode.Unavailable));
        Assert.That(root.GetProperty("streamError").GetProperty("details").GetString(), Is.EqualTo("transcoder gone"));
        Assert.That(Indices(root.GetProperty("streamError")), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(root.GetProperty("deadline").GetProperty("code").GetInt32(), Is.EqualTo((int)GrpcStatusCode.DeadlineExceeded));
        Assert.That(root.GetProperty("unexpected").GetProperty("code").GetInt32(), Is.EqualTo((int)GrpcStatusCode.Internal));
        Assert.That(root.GetProperty("unexpected").GetProperty("details").GetString(), Does.Not.Contain("secret"));
        Assert.That(await Task.WhenAny(server.HandlerCancelled.Task, Task.Delay(5_000)), Is.SameAs(server.HandlerCancelled.Task), "the deadline should cancel the handler");
    }

    private static int[] Indices(JsonElement result) => [.. result.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32())];

    private string[] WritePem()
    {
        using var certificate = TestCertificates.CreateSelfSigned(out var certificatePem, out var keyPem);
        var certificatePath = Path.Combine(_temp, "cert.pem");
        var keyPath = Path.Combine(_temp, "key.pem");
        File.WriteAllText(certificatePath, certificatePem);
        File.WriteAllText(keyPath, keyPem);
        return [certificatePath, keyPath];
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
