using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// Who the orchestrator is: the signer of its replies (a registered <see cref="ISigner"/>, else the protocol's
/// configured key, as the payment engine resolves it) and the ticket recipient. Both are known once the host has
/// started; the payment engine's hosted service starts first because it is registered first. Off chain
/// (<see cref="LivepeerOrchestratorOptions.OffChain"/>) it has neither, as go-livepeer without <c>node.Eth</c>: replies
/// carry no address and empty signatures, and nothing is paid.
/// </summary>
internal sealed class OrchestratorIdentity : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private ISigner? _signer;
    private TicketRecipient? _recipient;

    public OrchestratorIdentity(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Livepeer.Orchestrator.Core");
        OffChain = services.GetService<IOptions<LivepeerOrchestratorOptions>>()?.Value.OffChain ?? false;
    }

    /// <summary>True when the orchestrator runs without a chain: no signer, no recipient, no payments.</summary>
    public bool OffChain { get; }

    /// <summary>The orchestrator's address, or null before start.</summary>
    public EthAddress? Address => Volatile.Read(ref _signer)?.Address;

    public ISigner Signer => Volatile.Read(ref _signer) ?? throw NotStarted();

    public TicketRecipient Recipient => Volatile.Read(ref _recipient) ?? throw NotStarted();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (OffChain)
        {
            OrchestratorOffChainLog.Started(_logger, _services.GetRequiredService<OrchestratorEndpoint>().Advertised);
            return;
        }

        var signer = _services.GetService<ISigner>();
        if (signer is null)
        {
            var protocol = await _services.GetRequiredService<LivepeerProtocolConnector>().GetClientAsync(cancellationToken).ConfigureAwait(false);
            signer = protocol.Sender?.Signer
                ?? throw new OrchestratorException(
                    OrchestratorErrorCode.InvalidConfiguration,
                    "The orchestrator needs a key to sign its replies: configure Livepeer:Protocol:PrivateKey or KeystorePath, or register an ISigner.");
        }

        var recipient = _services.GetRequiredService<TicketRecipient>();
        Volatile.Write(ref _recipient, recipient);
        Volatile.Write(ref _signer, signer);
        OrchestratorCoreLog.Started(
            _logger,
            signer.Address.ToString(),
            recipient.Recipient.ToString(),
            _services.GetRequiredService<OrchestratorEndpoint>().Advertised);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private InvalidOperationException NotStarted() => OffChain
        ? new("An off-chain orchestrator has no signer and no ticket recipient.")
        : new("The orchestrator's signer and ticket recipient are known once the host has started.");
}
