using System.Globalization;
using System.Net.Http.Headers;
using Livepeer.Devnet;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests;

/// <summary>
/// The gateway side of the tests, built from the SDK's own parts: a payments host with the gateway's key (whose
/// <see cref="TicketSender"/> is checked against its real deposit on the devnet), and helpers that build the requests
/// go-livepeer's gateway sends. One per dev account for the whole run.
/// </summary>
internal sealed class TestGateway
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Task<TestGateway>> Gateways = [];

    private TestGateway(IHost host, DevnetAccount account)
    {
        Host = host;
        Account = account;
        Signer = account.CreateSigner();
        Sender = host.Services.GetRequiredService<TicketSender>();
    }

    public IHost Host { get; }

    public DevnetAccount Account { get; }

    public ISigner Signer { get; }

    public EthAddress Address => Account.Address;

    public TicketSender Sender { get; }

    /// <summary>The gateway of dev account 2 or 3 (both funded on the shared devnet).</summary>
    public static Task<TestGateway> GetAsync(int accountIndex = 2)
    {
        lock (Gate)
        {
            if (!Gateways.TryGetValue(accountIndex, out var gateway))
            {
                gateway = StartAsync(accountIndex);
                Gateways[accountIndex] = gateway;
            }

            return gateway;
        }
    }

    public static async Task DisposeAllAsync()
    {
        Task<TestGateway>[] started;
        lock (Gate)
        {
            started = [.. Gateways.Values];
            Gateways.Clear();
        }

        foreach (var task in started.Where(t => t.IsCompletedSuccessfully))
        {
            await task.Result.Host.StopAsync();
            task.Result.Host.Dispose();
        }
    }

    public async Task<Wire.OrchestratorRequest> CreateRequestAsync(CapabilitySet? capabilities = null)
    {
        var signature = await WireSignatures.SignOrchestratorRequestAsync(Signer);
        var request = new Wire.OrchestratorRequest
        {
            Address = Google.Protobuf.ByteString.CopyFrom(Address.ToArray()),
            Sig = Google.Protobuf.ByteString.CopyFrom(signature.ToArray()),
        };
        if (capabilities is not null)
        {
            request.Capabilities = CapabilityMapping.ToWire(capabilities);
        }

        return request;
    }

    public async Task<Wire.OrchestratorInfo> GetOrchestratorAsync(IGrpcCallInvoker client, CapabilitySet? capabilities = null)
        => await client.UnaryCallAsync(OrchestratorMethods.GetOrchestrator, await CreateRequestAsync(capabilities), TimeSpan.FromSeconds(10), CancellationToken.None);

    /// <summary>A payment of <paramref name="tickets"/> tickets against the parameters and price of <paramref name="info"/>.</summary>
    public async Task<(TicketPayment Payment, BigRational Ev)> PayAsync(Wire.OrchestratorInfo info, int tickets)
    {
        var price = PaymentMapping.FromWire(info.PriceInfo);
        var session = Sender.StartSession(PaymentMapping.FromWire(info.TicketParams), price);
        if (tickets == 0)
        {
            var ticketParams = PaymentMapping.FromWire(info.TicketParams);
            return (new TicketPayment(Address, ticketParams, ticketParams.ExpirationParams, price, []), BigRational.Zero);
        }

        var batch = await Sender.CreateTicketBatchAsync(session, tickets);
        return (batch.ToPayment(), batch.ExpectedValue);
    }

    /// <summary>Unsigned credentials for a segment of <paramref name="data"/>, carrying the auth token of <paramref name="info"/>.</summary>
    public static SegmentCredentials Segment(Wire.OrchestratorInfo info, ReadOnlySpan<byte> data, long sequence, params VideoProfile[] profiles) => new()
    {
        ManifestId = "stream-" + sequence.ToString(CultureInfo.InvariantCulture),
        Sequence = sequence,
        Hash = Keccak256.Hash(data),
        Duration = TimeSpan.FromSeconds(2),
        Profiles = profiles.Length == 0 ? [VideoProfile.P240p30fps16x9, VideoProfile.P144p30fps16x9] : profiles,
        Capabilities = CapabilitySet.Create(Capability.H264, Capability.MpegTs, Capability.AuthToken),
        AuthToken = SegmentMapping.FromWire(info.AuthToken),
    };

    public async Task<string> SignedSegmentHeaderAsync(SegmentCredentials segment)
        => SegmentHeader.Encode(await WireSignatures.SignSegmentAsync(Signer, segment));

    /// <summary>A /segment or /payment request with the two headers as go-livepeer's gateway sends them.</summary>
    public static HttpRequestMessage Request(string path, string segmentHeader, string paymentHeader, HttpContent? content = null, string contentType = "video/MP2T")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = content ?? new ByteArrayContent([]),
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation(SegmentHeader.Name, segmentHeader);
        request.Headers.TryAddWithoutValidation(PaymentHeader.Name, paymentHeader);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    /// <summary>Sends a segment and returns the status and, on 200, the parsed result (else the body text).</summary>
    public static async Task<(int Status, Wire.TranscodeResult? Result, string Text)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode
            ? ((int)response.StatusCode, Wire.TranscodeResult.Parser.ParseFrom(bytes), string.Empty)
            : ((int)response.StatusCode, null, System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static async Task<TestGateway> StartAsync(int accountIndex)
    {
        var devnet = await SharedDevnet.GetAsync();
        var account = devnet.Accounts[accountIndex];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = account.PrivateKey,
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new TestGateway(host, account);
    }
}
