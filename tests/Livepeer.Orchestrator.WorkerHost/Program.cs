using Livepeer.Orchestrator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Usage: Livepeer.Orchestrator.WorkerHost --orchestrator https://127.0.0.1:8935 --secret <secret> [--capacity 2] [--devices none]
// Exit codes: 0 stopped normally, 2 refused by the orchestrator (invalid secret / zero capacity), 3 bad arguments.
var switches = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--orchestrator"] = $"{LivepeerTranscoderWorkerOptions.SectionName}:OrchestratorUri",
    ["--secret"] = $"{LivepeerTranscoderWorkerOptions.SectionName}:Secret",
    ["--capacity"] = $"{LivepeerTranscoderWorkerOptions.SectionName}:Capacity",
    ["--devices"] = "Livepeer:Transcoding:Devices",
};

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddCommandLine(args, switches);
builder.Services.AddLivepeerTranscoding(builder.Configuration.GetSection("Livepeer:Transcoding"));
builder.Services.AddLivepeerTranscoderWorker(builder.Configuration.GetSection(LivepeerTranscoderWorkerOptions.SectionName));
builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost);

using var host = builder.Build();
try
{
    // Not RunAsync: it disposes the host, and the refusal is read from the services afterwards.
    await host.StartAsync().ConfigureAwait(false);
    await host.WaitForShutdownAsync().ConfigureAwait(false);
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 3;
}
catch (TranscoderWorkerException e)
{
    await Console.Error.WriteLineAsync($"refused: {e.ErrorCode}: {e.Message}").ConfigureAwait(false);
    return 2;
}

// StopHost logs the failure of a background service and stops; the refusal is read back from the service itself.
var refusal = host.Services.GetServices<IHostedService>()
    .OfType<BackgroundService>()
    .Select(s => s.ExecuteTask?.Exception?.GetBaseException())
    .OfType<TranscoderWorkerException>()
    .FirstOrDefault();
if (refusal is not null)
{
    await Console.Error.WriteLineAsync($"refused: {refusal.ErrorCode}: {refusal.Message}").ConfigureAwait(false);
    return 2;
}

return 0;
