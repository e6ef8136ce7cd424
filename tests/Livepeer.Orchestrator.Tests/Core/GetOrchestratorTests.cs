using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests;

/// <summary>GetOrchestrator, Ping and EndTranscodingSession on a real host, paid on the devnet.</summary>
[Category("Chain")]
[CancelAfter(60_000)]
public sealed class GetOrchestratorTests
{
    private OrchestratorTestHost _host = null!;
    private HttpGrpcCallInvoker _client = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        var gateway3 = await TestGateway.GetAsync(3);
        _host = await OrchestratorTestHost.StartAsync(new OrchestratorTestHostOptions
        {
            Configure = o =>
            {
                o.PricePerUnit = 1200;
                o.PricePerGateway.Add(new GatewayPrice { Address = gateway3.Address, PricePerUnit = 0.5m, PixelsPerUnit = 1 });
                o.Nodes.Add(new Uri("https://node-b.example:8935"));
            },
        });
        _client = _host.CreateGrpcClient();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Test]
    public async Task GetOrchestrator_ValidSignature_ReturnsAddressTicketParamsAndAdjustedPrice()
    {
        var gateway = await TestGateway.GetAsync(2);

        var info = await gateway.GetOrchestratorAsync(_client);

        var ticketParams = PaymentMapping.FromWire(info.TicketParams);
        Assert.Multiple(() =>
        {
            Assert.That(new EthAddress(info.Address.Span), Is.EqualTo(_host.Address));
            Assert.That(info.Transcoder, Is.EqualTo(_host.BaseUri.GetLeftPart(UriPartial.Authority)));
            Assert.That(info.Transcoder, Does.Not.EndWith("/"));
            Assert.That(ticketParams.Recipient, Is.EqualTo(_host.Address));
            Assert.That(ticketParams.FaceValue.Value.Sign, Is.Positive);
            Assert.That(ticketParams.ExpirationParams, Is.Not.Null);
            Assert.That((info.PriceInfo.PricePerUnit, info.PriceInfo.PixelsPerUnit), Is.EqualTo((1212L, 1L)), "1200 × (1 + 1/100)");
            Assert.That(info.AuthToken.SessionId, Does.Match("^[0-9a-f]{8}$"));
            Assert.That(info.AuthToken.Expiration - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Is.InRange(1790, 1801));
            Assert.That(info.Nodes, Is.EqualTo(new[] { "https://node-b.example:8935" }));
            Assert.That(CapabilityMapping.FromWire(info.Capabilities).Bitstring, Is.EqualTo(CapabilitySet.DefaultTranscoder.Bitstring));
            Assert.That(info.Capabilities.Version, Is.Not.Empty);
            Assert.That(info.CapabilitiesPrices, Is.Empty);
            Assert.That(info.Hardware, Is.Empty);
        });
    }

    [Test]
    public async Task GetOrchestrator_PerGatewayHalfWei_Returns101Over200()
    {
        var gateway = await TestGateway.GetAsync(3);

        var info = await gateway.GetOrchestratorAsync(_client);

        Assert.That((info.PriceInfo.PricePerUnit, info.PriceInfo.PixelsPerUnit), Is.EqualTo((101L, 200L)), "1/2 × 1.01 = 505/1000 reduced");
        Assert.That(PaymentMapping.FromWire(info.TicketParams).Recipient, Is.EqualTo(_host.Address));
    }

    [Test]
    public async Task GetOrchestrator_WithJobCapabilities_PricesAsTranscoding()
    {
        var gateway = await TestGateway.GetAsync(2);

        var info = await gateway.GetOrchestratorAsync(_client, CapabilitySet.Create(Capability.H264, Capability.MpegTs, Capability.AuthToken));

        Assert.That(info.PriceInfo.PricePerUnit, Is.EqualTo(1212));
        Assert.That(info.CapabilitiesPrices, Is.Empty);
    }

    [Test]
    public async Task GetOrchestrator_TwoCalls_IssueDifferentSessionsAndSeeds()
    {
        var gateway = await TestGateway.GetAsync(2);

        var first = await gateway.GetOrchestratorAsync(_client);
        var second = await gateway.GetOrchestratorAsync(_client);

        Assert.That(second.AuthToken.SessionId, Is.Not.EqualTo(first.AuthToken.SessionId));
        Assert.That(second.TicketParams.RecipientRandHash, Is.Not.EqualTo(first.TicketParams.RecipientRandHash));
    }

    [Test]
    public async Task GetOrchestrator_SignatureOverLowerCaseAddress_FailsWithGoLivepeerMessage()
    {
        var gateway = await TestGateway.GetAsync(2);
        var request = await gateway.CreateRequestAsync();
        var lowerCase = await Eip191.SignMessageAsync(gateway.Signer, Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(gateway.Address.ToLowerHex())));
        request.Sig = Google.Protobuf.ByteString.CopyFrom(lowerCase.ToArray());

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => _client.UnaryCallAsync(OrchestratorMethods.GetOrchestrator, request, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Unknown));
        Assert.That(error.Detail, Is.EqualTo("Invalid orchestrator request: orchestrator req sig check failed"));
    }

    [Test]
    public async Task GetOrchestrator_SignatureOfAnotherAccount_Fails()
    {
        var gateway = await TestGateway.GetAsync(2);
        var other = await TestGateway.GetAsync(3);
        var request = await gateway.CreateRequestAsync();
        request.Sig = (await other.CreateRequestAsync()).Sig;

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => _client.UnaryCallAsync(OrchestratorMethods.GetOrchestrator, request, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.That(error!.Detail, Is.EqualTo(OrchestratorRpcService.SignatureFailed));
    }

    [Test]
    public async Task Ping_Value_ReturnsSignatureThatRecoversToTheOrchestrator()
    {
        var value = Keccak256.Hash("ping at some time");

        var reply = await _client.UnaryCallAsync(OrchestratorMethods.Ping, new Wire.PingPong { Value = Google.Protobuf.ByteString.CopyFrom(value) }, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(reply.Value.Length, Is.EqualTo(65));
        Assert.That(WireSignatures.VerifyPing(_host.Address, value, reply.Value.Span), Is.True);
    }

    [Test]
    public async Task EndTranscodingSession_ForgedToken_FailsWithInvalidAuthToken()
    {
        var forged = new Wire.AuthToken { Token = Google.Protobuf.ByteString.CopyFrom(new byte[32]), SessionId = "deadbeef", Expiration = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() };

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => _client.UnaryCallAsync(
            OrchestratorMethods.EndTranscodingSession, new Wire.EndTranscodingSessionRequest { AuthToken = forged }, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(GrpcStatusCode.Unknown));
        Assert.That(error.Detail, Is.EqualTo("Invalid auth token"));
    }

    [Test]
    public void IOrchestratorState_AfterStart_ReportsAddressAndCapabilities()
    {
        var state = _host.Services.GetRequiredService<IOrchestratorState>();

        Assert.That(state.Address, Is.EqualTo(_host.Address));
        Assert.That(state.Capabilities.Contains(Capability.AuthToken), Is.True);
    }
}
