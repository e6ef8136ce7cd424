using System.Numerics;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Livepeer.Network.Tests.Client;
using Livepeer.Network.Tests.Grpc;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Network.Tests.Interop;

/// <summary>
/// Our <see cref="OrchestratorClient"/> against a @grpc/grpc-js server of net.Orchestrator loaded from the SDK's
/// lp_rpc.proto with @grpc/proto-loader, over h2c and TLS. The node server checks the bytes it receives and answers
/// with an OrchestratorInfo that protobuf.js encoded.
/// </summary>
[Category("Interop")]
[CancelAfter(60_000)]
public sealed class OrchestratorNodeInteropTests
{
    private static readonly string InteropDirectory = Path.GetDirectoryName(ThisFile())!;
    private static readonly string ScriptPath = Path.Combine(InteropDirectory, "node", "orchestrator_server.js");
    private static readonly string ProtoPath = Path.GetFullPath(Path.Combine(InteropDirectory, "..", "..", "..", "src", "Livepeer.Network", "Protos", "net", "lp_rpc.proto"));

    private static readonly CapabilitySet JobCapabilities = new() { Bitstring = [4099], Version = "0.9.1", MinVersion = "0.9.0" };

    private string _nodeModules = string.Empty;
    private string _temp = string.Empty;
    private PrivateKeySigner _gateway = null!;

    [SetUp]
    public void SetUp()
    {
        _nodeModules = NodeServerProcess.RequireNodeModules();
        _temp = Directory.CreateTempSubdirectory("lp-orchestrator-interop-").FullName;
        _gateway = PrivateKeySigner.FromHex(ClientTestData.GatewayKey);
    }

    [TearDown]
    public void TearDown()
    {
        _gateway?.Dispose();
        if (_temp.Length > 0)
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task OrchestratorClient_AgainstNodeServer_FieldsCrossBothWays(bool tls)
    {
        await using var node = await StartAsync(tls);
        var port = await node.ReadListeningPortAsync(TimeSpan.FromSeconds(20));
        using var client = new OrchestratorClient(new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}"));

        var info = await client.GetOrchestratorAsync(_gateway, JobCapabilities, ignoreCapacityCheck: true);

        Assert.That(info, Is.EqualTo(ExpectedReply()));
        var nodeBytes = Convert.FromHexString(node.Line("REPLY"));
        Assert.That(OrchestratorInfoMapping.ToWire(info), Is.EqualTo(Wire.OrchestratorInfo.Parser.ParseFrom(nodeBytes)));
        Assert.That(Convert.ToHexStringLower(OrchestratorInfoMapping.ToWire(info).ToByteArray()), Is.EqualTo(node.Line("REPLY")), "re-encoding gives protobuf.js's bytes");

        var pong = await client.PingAsync(new byte[] { 0, 1, 0xff });
        Assert.That(pong, Is.EqualTo("pong:"u8.ToArray().Concat(new byte[] { 0, 1, 0xff }).ToArray()));

        await client.EndTranscodingSessionAsync(info.AuthToken!);
        var unknown = await Assert.ThrowsAsync<GrpcCallException>(() => client.EndTranscodingSessionAsync(info.AuthToken! with { SessionId = "ffffffff" }));
        Assert.That(unknown!.StatusCode, Is.EqualTo(GrpcStatusCode.NotFound));
        Assert.That(unknown.Detail, Is.EqualTo("unknown session"));
    }

    [TestCase(false, "capped", GrpcStatusCode.Unknown, "Invalid orchestrator request: OrchestratorCapped")]
    [TestCase(true, "capped", GrpcStatusCode.Unknown, "Invalid orchestrator request: OrchestratorCapped")]
    [TestCase(false, "denied", GrpcStatusCode.PermissionDenied, "authentication failed: nöt allowed – 100%")]
    [TestCase(true, "denied", GrpcStatusCode.PermissionDenied, "authentication failed: nöt allowed – 100%")]
    public async Task OrchestratorClient_NodeServerRefuses_TypedExceptionWithStatusAndText(bool tls, string trigger, GrpcStatusCode status, string text)
    {
        await using var node = await StartAsync(tls);
        var port = await node.ReadListeningPortAsync(TimeSpan.FromSeconds(20));
        using var client = new OrchestratorClient(new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}"));

        var e = await Assert.ThrowsAsync<GrpcCallException>(() => client.GetOrchestratorAsync(_gateway, new CapabilitySet { Version = trigger }));

        Assert.That(e!.StatusCode, Is.EqualTo(status));
        Assert.That(e.Detail, Is.EqualTo(text));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.RpcFailed));
        Assert.That(e, Is.InstanceOf<NetworkException>());
    }

    [Test]
    public async Task OrchestratorClient_WrongSigner_NodeServerSeesOtherBytes()
    {
        await using var node = await StartAsync(tls: false);
        var port = await node.ReadListeningPortAsync(TimeSpan.FromSeconds(20));
        using var client = new OrchestratorClient(new Uri($"http://127.0.0.1:{port}"));
        using var other = PrivateKeySigner.FromHex(ClientTestData.OrchestratorKey);

        var e = await Assert.ThrowsAsync<GrpcCallException>(() => client.GetOrchestratorAsync(other, JobCapabilities, ignoreCapacityCheck: true));

        Assert.That(e!.StatusCode, Is.EqualTo(GrpcStatusCode.Unauthenticated));
        Assert.That(e.Detail, Does.StartWith("address/sig mismatch: 70997970c51812dc3a010c7d01b50e0d17dc79c8 "));
    }

    private async Task<NodeServerProcess> StartAsync(bool tls)
    {
        var signature = await WireSignatures.SignOrchestratorRequestAsync(_gateway);
        var args = new List<string> { ScriptPath, ProtoPath, Convert.ToHexStringLower(ClientTestData.GatewayAddress.ToArray()), Convert.ToHexStringLower(signature.ToArray()) };
        if (tls)
        {
            using var certificate = TestCertificates.CreateSelfSigned(out var certificatePem, out var keyPem);
            var certificatePath = Path.Combine(_temp, "cert.pem");
            var keyPath = Path.Combine(_temp, "key.pem");
            await File.WriteAllTextAsync(certificatePath, certificatePem);
            await File.WriteAllTextAsync(keyPath, keyPem);
            args.Add(certificatePath);
            args.Add(keyPath);
        }

        return NodeServerProcess.Start(_nodeModules, args);
    }

    /// <summary>What orchestrator_server.js answers, field by field.</summary>
    private static OrchestratorInfo ExpectedReply()
    {
        var orchestrator = ClientTestData.OrchestratorAddress;
        return new OrchestratorInfo
        {
            Transcoder = "https://127.0.0.1:8935",
            Address = orchestrator,
            TicketParams = new TicketParams(
                orchestrator,
                new Wei(1_000_000_000_000),
                Uint256.MaxValue / 3,
                Enumerable.Repeat((byte)0xa1, 32).ToArray(),
                BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture),
                100_000,
                new TicketExpirationParams(42, Enumerable.Repeat((byte)0xb2, 32).ToArray())),
            PriceInfo = new PixelPrice(1200, 3),
            AuthToken = new AuthToken(Enumerable.Repeat((byte)0xc3, 32).ToArray(), "0a1b2c3d", 1_900_000_000),
            Capabilities = new CapabilitySet
            {
                Bitstring = [67112963],
                Mandatories = [4096],
                Capacities = new Dictionary<Capability, uint> { [Capability.MpegTs] = 10 },
                Version = "0.9.1",
                MinVersion = "0.9.0",
                PerCapability = new Dictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>>
                {
                    [Capability.TextToImage] = new Dictionary<string, ModelConstraint> { ["stabilityai/sd-turbo"] = new(true, 2, "0.14.0", 1) },
                },
            },
            CapabilityPrices = [new CapabilityPrice(Capability.TextToImage, "stabilityai/sd-turbo", new PixelPrice(5, 1))],
            Nodes = ["https://127.0.0.1:9001", "https://127.0.0.1:9002"],
            Hardware = [new WorkerHardware("text-to-image", "stabilityai/sd-turbo", new Dictionary<string, WorkerGpu> { ["0"] = new("GPU-1", "RTX 4090", 8, 9, 1_073_741_824, 25_769_803_776) })],
            Storage = [new ObjectStorageInfo(ObjectStorageType.S3, new S3UploadPolicy("https://s3.example", "key/", "p", "s", "c", "d"))],
        };
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
