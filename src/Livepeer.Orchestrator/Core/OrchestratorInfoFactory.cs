using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.Options;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>Builds the <c>OrchestratorInfo</c> a gateway receives: service URI, fresh ticket parameters for its price,
/// the orchestrator's address and capabilities, the auth token, and the operator's other nodes (off chain: no ticket
/// parameters and no address).</summary>
internal sealed class OrchestratorInfoFactory
{
    private readonly OrchestratorIdentity _identity;
    private readonly OrchestratorEndpoint _endpoint;
    private readonly OrchestratorPricing _pricing;
    private readonly string[] _nodes;

    public OrchestratorInfoFactory(
        OrchestratorIdentity identity,
        OrchestratorEndpoint endpoint,
        OrchestratorPricing pricing,
        IOptions<LivepeerOrchestratorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _identity = identity;
        _endpoint = endpoint;
        _pricing = pricing;
        _nodes = [.. options.Value.Nodes.Select(n => n.OriginalString)];
    }

    /// <summary>The price for (gateway, manifest): the session's fixed price once a payment set it, else the advertised one.</summary>
    public async Task<PixelPrice> PriceForAsync(EthAddress gateway, string? manifestId, CancellationToken cancellationToken)
    {
        if (_identity.OffChain)
        {
            // Without a recipient there is no fixed session price and no redemption overhead to add.
            return OrchestratorPricing.ToPrice(_pricing.BasePrice(gateway));
        }

        var recipient = _identity.Recipient;
        if (manifestId is not null && recipient.GetSessionPrice(gateway, manifestId) is { } fixedPrice)
        {
            return fixedPrice;
        }

        return await _pricing.PriceForAsync(gateway, recipient, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Wire.OrchestratorInfo> CreateAsync(EthAddress gateway, PixelPrice price, AuthToken authToken, CancellationToken cancellationToken)
    {
        if (_identity.OffChain)
        {
            return CreateOffChain(price, authToken);
        }

        var reduced = price.Reduce();
        var ticketParams = await _identity.Recipient.CreateTicketParamsAsync(gateway, reduced, cancellationToken).ConfigureAwait(false);
        var info = new Wire.OrchestratorInfo
        {
            Transcoder = _endpoint.Advertised,
            TicketParams = PaymentMapping.ToWire(ticketParams, includeExpirationParams: true),
            PriceInfo = PaymentMapping.ToWire(reduced),
            Address = WireValues.ToBytes(_identity.Signer.Address),
            Capabilities = CapabilityMapping.ToWire(OrchestratorSessions.AdvertisedCapabilities),
            AuthToken = SegmentMapping.ToWire(authToken),
        };
        info.Nodes.Add(_nodes);
        return info;
    }

    /// <summary>go-livepeer's reply without <c>node.Eth</c>: no ticket parameters and no address; a price only when one is configured.</summary>
    private Wire.OrchestratorInfo CreateOffChain(PixelPrice price, AuthToken authToken)
    {
        var info = new Wire.OrchestratorInfo
        {
            Transcoder = _endpoint.Advertised,
            Capabilities = CapabilityMapping.ToWire(OrchestratorSessions.AdvertisedCapabilities),
            AuthToken = SegmentMapping.ToWire(authToken),
        };
        if (price.PricePerUnit.Sign > 0)
        {
            info.PriceInfo = PaymentMapping.ToWire(price.Reduce());
        }

        info.Nodes.Add(_nodes);
        return info;
    }
}
