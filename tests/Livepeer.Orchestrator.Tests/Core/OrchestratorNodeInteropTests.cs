using Livepeer.Tests.Shared;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Livepeer.Network;
using Livepeer.Protocol;

namespace Livepeer.Orchestrator.Tests;

/// <summary>
/// A @grpc/grpc-js client (a gRPC stack nobody here wrote) against our orchestrator, over TLS and over h2c. Needs node
/// and the packages that scripts/bootstrap-test-deps.sh installs (found through LIVEPEER_GRPC_NODE_MODULES).
/// </summary>
[Category("Interop")]
[CancelAfter(60_000)]
public sealed class OrchestratorNodeInteropTests
{
    private static readonly string TestsDirectory = Path.GetDirectoryName(ThisFile())!;
    private static readonly string Script = Path.Combine(TestsDirectory, "node", "orchestrator_client.js");
    private static readonly string ProtoPath = Path.GetFullPath(Path.Combine(TestsDirectory, "..", "..", "..", "src", "Livepeer.Network", "Protos", "net", "lp_rpc.proto"));

    [TestCase(true)]
    [TestCase(false)]
    public async Task NodeClient_GetOrchestratorAndPing_AnswersGoLivepeerCompatibly(bool tls)
    {
        var nodeModules = Environment.GetEnvironmentVariable("LIVEPEER_GRPC_NODE_MODULES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "livepeer-sdk", "npm", "node_modules");
        if (!File.Exists(Path.Combine(nodeModules, "@grpc", "grpc-js", "package.json")) ||
            !File.Exists(Path.Combine(nodeModules, "@grpc", "proto-loader", "package.json")))
        {
            Assert.Ignore($"@grpc/grpc-js and @grpc/proto-loader are not installed in '{nodeModules}'; run scripts/bootstrap-test-deps.sh and source the env file.");
        }

        await using var host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions { Tls = tls, Configure = o => o.PricePerUnit = 1200 });
        var gateway = await TestGateway.GetAsync(2);
        var request = await gateway.CreateRequestAsync();
        var badSignature = (await (await TestGateway.GetAsync(3)).CreateRequestAsync()).Sig;
        var ping = Keccak256.Hash("node ping");
        var temp = Directory.CreateTempSubdirectory("lp-orch-node-").FullName;
        try
        {
            var certificate = "-";
            if (tls)
            {
                certificate = Path.Combine(temp, "cert.pem");
                await File.WriteAllTextAsync(certificate, host.CertificatePem!);
            }

            var output = await RunNodeAsync(nodeModules, [
                Script, ProtoPath, $"127.0.0.1:{host.BaseUri.Port}", certificate,
                Convert.ToHexStringLower(request.Address.Span), Convert.ToHexStringLower(request.Sig.Span),
                Convert.ToHexStringLower(badSignature.Span), Convert.ToHexStringLower(ping)]);
            using var json = JsonDocument.Parse(output);
            var info = json.RootElement.GetProperty("info");
            var pong = json.RootElement.GetProperty("ping");
            var bad = json.RootElement.GetProperty("bad");

            Assert.That(info.TryGetProperty("address", out _), Is.True, output);
            Assert.Multiple(() =>
            {
                Assert.That(EthAddress.Parse("0x" + info.GetProperty("address").GetString()), Is.EqualTo(host.Address));
                Assert.That(info.GetProperty("transcoder").GetString(), Is.EqualTo(host.BaseUri.GetLeftPart(UriPartial.Authority)));
                Assert.That(EthAddress.Parse("0x" + info.GetProperty("recipient").GetString()), Is.EqualTo(host.Address));
                Assert.That(info.GetProperty("faceValue").GetString(), Is.Not.Empty);
                Assert.That(info.GetProperty("pricePerUnit").GetString(), Is.EqualTo("1212"));
                Assert.That(info.GetProperty("pixelsPerUnit").GetString(), Is.EqualTo("1"));
                Assert.That(info.GetProperty("sessionId").GetString(), Does.Match("^[0-9a-f]{8}$"));
                Assert.That(WireSignatures.VerifyPing(host.Address, ping, Convert.FromHexString(pong.GetProperty("value").GetString()!)), Is.True,
                    "the Ping reply recovers to the orchestrator");
                Assert.That(bad.GetProperty("code").GetInt32(), Is.EqualTo(2), "grpc-go's status for a plain error: Unknown");
                Assert.That(bad.GetProperty("details").GetString(), Is.EqualTo("Invalid orchestrator request: orchestrator req sig check failed"));
            });
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task<string> RunNodeAsync(string nodeModules, IEnumerable<string> arguments)
    {
        await using var node = NodeProcess.Start(nodeModules, arguments);
        return await node.ReadToEndAsync(TimeSpan.FromSeconds(30));
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
