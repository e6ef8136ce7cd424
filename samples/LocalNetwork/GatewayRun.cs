using System.Globalization;
using Livepeer.Gateway;

namespace LocalNetwork;

/// <summary>
/// The part of the demo an app would write: a gateway from <c>AddLivepeerGateway</c>, one stream opened with
/// <see cref="ILivepeerGateway.OpenStreamAsync"/>, every source segment pushed in, every result read back.
/// </summary>
internal static class GatewayRun
{
    public static async Task<IReadOnlyList<SegmentOutcome>> TranscodeAsync(DemoSettings settings, DemoNetwork network, SourceClip clip, DemoReport report, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        if (settings.OffChain)
        {
            // go-livepeer's -network offchain -orchAddr ...: no payments, a fixed list of orchestrators.
            builder.Services.AddLivepeerGateway(o =>
            {
                o.OffChain = true;
                foreach (var orchestrator in network.Orchestrators)
                {
                    o.Orchestrators.Add(orchestrator.ServiceUri);
                }
            });
        }
        else
        {
            // On chain the gateway finds the active orchestrators and their ServiceRegistry URIs itself.
            builder.Configuration.AddInMemoryCollection(OnChainConfiguration(network));
            builder.Services.AddLivepeerGateway(builder.Configuration);
        }

        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var gateway = host.Services.GetService<ILivepeerGateway>()
                ?? throw new DemoException("AddLivepeerGateway registered no ILivepeerGateway: this build of Livepeer.Gateway does not implement the gateway yet.");
            await using var stream = await gateway.OpenStreamAsync("demo", DemoSettings.Profiles, new LivepeerStreamOptions { Progress = report }, cancellationToken);
            var results = ReadAllAsync(stream, report, cancellationToken);
            try
            {
                foreach (var segment in clip.Segments)
                {
                    var data = await File.ReadAllBytesAsync(segment.Path, cancellationToken);
                    await stream.PushAsync(new SourceSegment(segment.Sequence, data, segment.Duration), cancellationToken);
                }
            }
            catch (GatewayException)
            {
                // A stream closed by a fatal error says why in its results; that reason beats "stream closed".
                await results;
                throw;
            }

            stream.Complete();
            var outcomes = await results;
            if (outcomes.Count > 0 && outcomes.All(o => o.Error is not null))
            {
                throw Explain(outcomes[0].Error!);
            }
            return outcomes;
        }
        catch (GatewayException ex)
        {
            throw Explain(ex);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static DemoException Explain(GatewayException ex)
        => new($"the gateway failed ({ex.ErrorCode}): {ex.Message}", ex);

    private static async Task<IReadOnlyList<SegmentOutcome>> ReadAllAsync(ILivepeerStream stream, DemoReport report, CancellationToken cancellationToken)
    {
        var outcomes = new List<SegmentOutcome>();
        await foreach (var outcome in stream.ReadResultsAsync(cancellationToken))
        {
            report.OnOutcome(outcome);
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    private static Dictionary<string, string?> OnChainConfiguration(DemoNetwork network) => new()
    {
        ["Livepeer:Protocol:Network"] = "Custom",
        ["Livepeer:Protocol:RpcUrl"] = network.Devnet.RpcUri.ToString(),
        ["Livepeer:Protocol:ControllerAddress"] = network.Devnet.Contracts.Controller.ToString(),
        ["Livepeer:Protocol:ChainId"] = network.Devnet.ChainId.ToString(CultureInfo.InvariantCulture),
        // anvil's published dev key; never use it anywhere else.
        ["Livepeer:Protocol:PrivateKey"] = network.GatewayAccount.PrivateKey,
        ["Livepeer:Protocol:Transactions:ReceiptPollInterval"] = "00:00:00.020",
        ["Livepeer:Payments:PollingInterval"] = "00:00:00.250",
        ["Livepeer:Payments:MaxTicketEV"] = DemoSettings.MaxTicketEV.ToString(),
        ["Livepeer:Payments:MaxTotalEV"] = DemoSettings.MaxTotalEV.ToString(),
    };
}
