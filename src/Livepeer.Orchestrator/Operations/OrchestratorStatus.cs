using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Livepeer.Network;
using Livepeer.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>The body of <c>GET /status</c>.</summary>
internal sealed record OrchestratorStatusDocument(
    string Version,
    string? Address,
    string ServiceUri,
    IReadOnlyList<CapabilityDocument> Capabilities,
    IReadOnlyList<SessionDocument> Sessions,
    IReadOnlyList<TranscoderDocument> Transcoders,
    string? TicketRecipient,
    RedemptionDocument Redemption);

internal sealed record CapabilityDocument(int Id, string Name);

/// <summary>A session; wei amounts are decimal strings because they exceed JSON's safe integers. Off chain the price
/// and balance are null: nothing is paid.</summary>
internal sealed record SessionDocument(
    string SessionId,
    string Sender,
    string? PricePerUnit,
    string? PixelsPerUnit,
    string? Balance,
    long Segments,
    long Pixels,
    DateTimeOffset LastActive);

internal sealed record TranscoderDocument(string Address, int Capacity, int Load, IReadOnlyList<CapabilityDocument> Capabilities, DateTimeOffset RegisteredAt);

/// <param name="Mode"><c>local</c>, <c>remote</c>, <c>offchain</c> (no payments), or <c>unavailable</c> before the payment engine has started.</param>
/// <param name="RedeemerUri">The remote redeemer, when the mode is <c>remote</c>.</param>
internal sealed record RedemptionDocument(string Mode, string? RedeemerUri);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrchestratorStatusDocument))]
[JsonSerializable(typeof(HealthDocument))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;

/// <summary>The body of <c>GET /healthz</c>.</summary>
internal sealed record HealthDocument(string Status, IReadOnlyDictionary<string, string> Checks);

/// <summary>Builds the status document from whatever parts of the orchestrator are present.</summary>
internal sealed class OrchestratorStatusReader(
    IServiceProvider services,
    OrchestratorEndpoint endpoint,
    IOptions<LivepeerOrchestratorOptions> options,
    ILoggerFactory loggerFactory)
{
    private static readonly string Version =
        typeof(OrchestratorStatusReader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OrchestratorStatusReader).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The redemption mode shown when the orchestrator runs without a chain.</summary>
    public const string OffChainMode = "offchain";

    private readonly ILogger _logger = loggerFactory.CreateLogger<OrchestratorStatusReader>();

    public OrchestratorStatusDocument Read()
    {
        var state = services.GetService<IOrchestratorState>();
        var workers = services.GetService<ITranscoderWorkerRegistry>();
        var offChain = options.Value.OffChain;
        var recipient = offChain ? null : TryGetRecipient();
        var sessions = state?.GetSessions() ?? [];
        return new OrchestratorStatusDocument(
            Version,
            (state?.Address ?? recipient?.Recipient)?.ToString(),
            endpoint.Advertised,
            state is null ? [] : Describe(state.Capabilities),
            [.. sessions.Select(s => new SessionDocument(
                s.SessionId,
                s.Sender.ToString(),
                offChain ? null : s.Price.PricePerUnit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                offChain ? null : s.Price.PixelsPerUnit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                offChain ? null : s.Balance.ToDecimalString(3),
                s.Segments,
                s.Pixels,
                s.LastActive))],
            [.. (workers?.GetWorkers() ?? []).Select(w => new TranscoderDocument(w.Address, w.Capacity, w.Load, Describe(w.Capabilities), w.RegisteredAt))],
            recipient?.Recipient.ToString(),
            offChain ? new RedemptionDocument(OffChainMode, null) : ReadRedemption());
    }

    private static CapabilityDocument[] Describe(CapabilitySet capabilities) =>
        [.. capabilities.Capabilities.Select(c => new CapabilityDocument((int)c, CapabilityNames.GetName(c)))];

    private RedemptionDocument ReadRedemption()
    {
        ISenderMonitor? monitor;
        try
        {
            monitor = services.GetService<ISenderMonitor>();
        }
        catch (InvalidOperationException)
        {
            return new RedemptionDocument("unavailable", null);
        }

        return monitor switch
        {
            null => new RedemptionDocument("unavailable", null),
            LocalTicketRedeemer => new RedemptionDocument("local", null),
            _ => new RedemptionDocument("remote", options.Value.RedeemerUri?.GetLeftPart(UriPartial.Authority)),
        };
    }

    private TicketRecipient? TryGetRecipient()
    {
        try
        {
            return services.GetService<TicketRecipient>();
        }
        catch (InvalidOperationException ex)
        {
            // The payment engine hands out its recipient only once it has started.
            OperationsLog.StatusPartUnavailable(_logger, "the ticket recipient", ex);
            return null;
        }
    }
}
