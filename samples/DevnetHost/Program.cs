using System.Text.Json;
using Livepeer.Devnet;
using Livepeer.Protocol;

// Usage: DevnetHost [output-folder] [orchestrator-service-uri]
// Starts anvil with the genuine contracts, makes dev account 1 an active orchestrator and funds dev account 2 as
// a gateway, then writes devnet.json (settings for the orchestrator and gateway hosts) and waits for Ctrl+C.
var output = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var serviceUri = new Uri(args.Length > 1 ? args[1] : "https://127.0.0.1:8935");

await using var devnet = await LocalDevnet.StartAsync();
var orchestrator = devnet.Accounts[1];
var gateway = devnet.Accounts[2];
await devnet.ActivateOrchestratorAsync(orchestrator, Wei.FromEther(1000), serviceUri);
await devnet.FundGatewayAsync(gateway, Wei.FromEther(10), Wei.FromEther(10));

WriteSettings(Path.Combine(output, "devnet.json"), orchestrator.PrivateKey, serviceUri);
WriteSettings(Path.Combine(output, "devnet-gateway.json"), gateway.PrivateKey, serviceUri);
Console.WriteLine($"devnet: RPC {devnet.RpcUri}, chain {devnet.ChainId}, Controller {devnet.Contracts.Controller}");
Console.WriteLine($"orchestrator {orchestrator.Address} at {serviceUri}; gateway {gateway.Address}");
Console.WriteLine($"settings written to {output}/devnet.json and devnet-gateway.json; Ctrl+C stops the devnet");

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;

void WriteSettings(string path, string privateKey, Uri uri)
{
    var settings = new
    {
        Livepeer = new
        {
            Protocol = new { Network = "Custom", RpcUrl = devnet.RpcUri.ToString(), ControllerAddress = devnet.Contracts.Controller.ToString(), ChainId = devnet.ChainId, PrivateKey = privateKey },
            Payments = new { DatabasePath = Path.Combine(output, Path.GetFileNameWithoutExtension(path) + "-tickets.db"), PollingInterval = "00:00:01" },
            Orchestrator = new { ServiceUri = uri.ToString() },
        },
    };
    // The dev accounts' keys are anvil's published test keys; the file is still readable by its owner only.
    File.WriteAllText(path, JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true }));
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
