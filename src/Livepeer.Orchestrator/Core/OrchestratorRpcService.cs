using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator;

/// <summary>
/// The orchestrator's gRPC service. Failures use the status grpc-go gives a plain Go error, Unknown (2), with
/// go-livepeer's message, because that is what go-livepeer's gateways see and match on.
/// </summary>
internal sealed class OrchestratorRpcService
{
    public const string SignatureFailed = "Invalid orchestrator request: orchestrator req sig check failed";
    public const string Capped = "Invalid orchestrator request: OrchestratorCapped";
    public const string InvalidAuthToken = "Invalid auth token";

    private readonly OrchestratorIdentity _identity;
    private readonly OrchestratorSessions _sessions;
    private readonly DiscoveryAuthWebhook _webhook;
    private readonly OrchestratorInfoFactory _infos;
    private readonly AuthTokenAuthority _tokens;
    private readonly ILogger _logger;

    public OrchestratorRpcService(
        OrchestratorIdentity identity,
        OrchestratorSessions sessions,
        DiscoveryAuthWebhook webhook,
        OrchestratorInfoFactory infos,
        AuthTokenAuthority tokens,
        IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _identity = identity;
        _sessions = sessions;
        _webhook = webhook;
        _infos = infos;
        _tokens = tokens;
        _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Livepeer.Orchestrator.Core");
    }

    public void Bind(IGrpcServiceBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder
            .AddUnaryMethod(OrchestratorMethods.GetOrchestrator, GetOrchestratorAsync)
            .AddUnaryMethod(OrchestratorMethods.Ping, PingAsync)
            .AddUnaryMethod(OrchestratorMethods.EndTranscodingSession, EndTranscodingSessionAsync);
    }

    public async Task<Wire.OrchestratorInfo> GetOrchestratorAsync(Wire.OrchestratorRequest request, GrpcServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);

        // Off chain go-livepeer's VerifySig always succeeds, so any address, signed or not, is served.
        EthAddress gateway;
        if (_identity.OffChain)
        {
            gateway = BytesToAddress(request.Address.Span);
        }
        else
        {
            // go reads any length with BytesToAddress; a wrong length cannot carry a valid signature for that address anyway.
            if (request.Address.Length != EthAddress.Size
                || !WireSignatures.VerifyOrchestratorRequest(new EthAddress(request.Address.Span), request.Sig.Span))
            {
                OrchestratorCoreLog.GetOrchestratorRefused(_logger, Convert.ToHexStringLower(request.Address.Span), "signature");
                throw new GrpcCallException(GrpcStatusCode.Unknown, SignatureFailed);
            }

            gateway = new EthAddress(request.Address.Span);
        }

        if (_sessions.IsCapped)
        {
            OrchestratorCoreLog.GetOrchestratorRefused(_logger, gateway.ToString(), "capped");
            throw new GrpcCallException(GrpcStatusCode.Unknown, Capped);
        }

        if (await _webhook.AuthorizeAsync(gateway, context.CancellationToken).ConfigureAwait(false) is { } refusal)
        {
            OrchestratorCoreLog.GetOrchestratorRefused(_logger, gateway.ToString(), "auth webhook");
            throw new GrpcCallException(GrpcStatusCode.Unknown, refusal);
        }

        try
        {
            // No AI prices exist here, so a request with capabilities falls back to the transcoding price as go-livepeer
            // does, and capabilities_prices and hardware stay empty either way.
            var price = await _infos.PriceForAsync(gateway, manifestId: null, context.CancellationToken).ConfigureAwait(false);
            var token = _tokens.Issue();
            var info = await _infos.CreateAsync(gateway, price, token, context.CancellationToken).ConfigureAwait(false);
            OrchestratorCoreLog.GetOrchestratorServed(_logger, gateway.ToString(), price.ToString(), token.SessionId);
            return info;
        }
        catch (Exception ex) when (ex is PaymentException or NetworkException or ArgumentException or InvalidOperationException)
        {
            OrchestratorCoreLog.GetOrchestratorFailed(_logger, gateway.ToString(), ex.Message);
            throw new GrpcCallException(GrpcStatusCode.Unknown, ex.Message, ex);
        }
    }

    public async Task<Wire.PingPong> PingAsync(Wire.PingPong request, GrpcServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (_identity.OffChain)
        {
            // go-livepeer's Sign without a chain returns an empty signature.
            return new Wire.PingPong();
        }

        var signature = await WireSignatures.SignPingAsync(_identity.Signer, request.Value.Memory, context.CancellationToken).ConfigureAwait(false);
        return new Wire.PingPong { Value = Google.Protobuf.ByteString.CopyFrom(signature.ToArray()) };
    }

    public async Task<Wire.EndTranscodingSessionResponse> EndTranscodingSessionAsync(Wire.EndTranscodingSessionRequest request, GrpcServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);

        // go-livepeer compares the HMAC only: an expired but genuine token may still end its session.
        var token = request.AuthToken is null ? null : SegmentMapping.FromWire(request.AuthToken);
        if (_tokens.Check(token) is { } problem && problem != NetworkErrorCode.ExpiredAuthToken)
        {
            throw new GrpcCallException(GrpcStatusCode.Unknown, InvalidAuthToken);
        }

        await _sessions.EndAsync(token!.SessionId, "ended by the gateway", context.CancellationToken).ConfigureAwait(false);
        return new Wire.EndTranscodingSessionResponse();
    }

    /// <summary>go-ethereum's <c>BytesToAddress</c>: the last 20 bytes, left-padded with zeros when shorter.</summary>
    private static EthAddress BytesToAddress(ReadOnlySpan<byte> bytes)
    {
        Span<byte> address = stackalloc byte[EthAddress.Size];
        var tail = bytes.Length > EthAddress.Size ? bytes[^EthAddress.Size..] : bytes;
        tail.CopyTo(address[(EthAddress.Size - tail.Length)..]);
        return new EthAddress(address);
    }
}
