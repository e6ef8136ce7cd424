using System.Globalization;
using System.Numerics;
using Livepeer.Devnet;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator.Tests.EndToEnd;

/// <summary>
/// A gateway built from the SDK's public client streams ten real 2-second segments, paid with real tickets, to a real
/// orchestrator on the devnet, which transcodes them with ffmpeg, either itself or through a standalone transcoder in
/// another process. Every rendition is downloaded and measured with ffprobe, every result's signature is checked, the
/// session balance is reconciled to the wei, and the winning tickets are followed until they are redeemed on chain.
/// </summary>
/// <remarks>
/// Every ticket wins, for all practical purposes: the recipient's face value is capped at its EV plus one wei, so a
/// ticket loses with probability below 1/EV (5·10^-16). A face value equal to the EV would make winning certain, but
/// gateways refuse such tickets as go-livepeer's do (<c>ticket faceValue too low</c>). The EV is 2,000,000 gwei because
/// a face value must cover a redemption at 3 gwei (350,000 gas × 3 gwei = 1,050,000 gwei).
/// </remarks>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
internal sealed class OrchestratorEndToEndTests
{
    private const string WorkerSecret = "e2e-worker-secret";
    private const int LocalGatewayAccount = 7;
    private const int WorkerGatewayAccount = 8;
    private const decimal PricePerUnit = 7;
    private const long PixelsPerUnit = 3;
    private const int WorkerCapacity = 2;

    /// <summary>The winning-ticket store's <c>Redeemed</c> status (Livepeer.Payments' schema version 1).</summary>
    private const long RedeemedStatus = 2;

    private static readonly Wei TicketEv = Wei.FromGwei(2_000_000);
    private static readonly Wei FaceValue = new(TicketEv.Value + 1);

    /// <summary>The recipient's win probability rounds up, so a ticket is worth a little more than its EV.</summary>
    private static readonly Wei GatewayMaxTicketEv = new(TicketEv.Value * 2);
    private static readonly TimeSpan RedemptionTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RegistrationTimeout = TimeSpan.FromSeconds(30);
    private static readonly VideoProfile[] Profiles = [VideoProfile.P144p30fps16x9, VideoProfile.P240p30fps16x9];
    private static readonly CapabilitySet Capabilities = CapabilitySet.Create(Capability.H264, Capability.MpegTs, Capability.AuthToken);

    private WorkerHostProcess? _worker;

    [OneTimeTearDown]
    public void DeleteMedia() => EndToEndMedia.DeleteGenerated();

    [TearDown]
    public void StopWorker()
    {
        if (_worker is not null && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine($"Worker output:\n{_worker.Transcript}");
        }

        _worker?.Dispose();
        _worker = null;
    }

    [Test]
    public async Task SubmitSegment_LocalFFmpegTranscoding_RenditionsMatchFfprobeAndWinningTicketsAreRedeemed()
    {
        var segments = await EndToEndMedia.GetSegmentsAsync();
        var devnet = await SharedDevnet.GetAsync();
        await StartFreshRoundAsync(devnet);
        await using var gateway = await EndToEndGateway.StartAsync(devnet, LocalGatewayAccount, GatewayMaxTicketEv);
        await using var host = await OrchestratorTestHost.StartAsync(HostOptions(services =>
        {
            // Without an ITranscoder of the test's, AddLivepeerOrchestrator's AddLivepeerTranscoding supplies the real
            // FFmpeg pool; the test host registers a fake one unless told otherwise, so it is taken out again.
            services.RemoveAll<ITranscoder>();
            services.Configure<LivepeerTranscodingOptions>(o => o.Devices = "none");
        }));
        Assert.That(host.Services.GetRequiredService<ITranscoder>(), Is.Not.InstanceOf<FakeTranscoder>(), "the orchestrator transcodes with the FFmpeg pool");
        var deposit = (await gateway.GetSenderInfoAsync()).Deposit;

        var stream = await StreamAsync(host, gateway, segments);

        AssertBalance(host, gateway, stream);
        await AssertTicketsRedeemedAsync(devnet, host, gateway, stream, deposit);
    }

    [Test]
    public async Task SubmitSegment_StandaloneWorkerProcess_RenditionsMatchFfprobeAndWinningTicketsAreRedeemed()
    {
        var worker = await WorkerHostProcess.EnsureBuiltAsync();
        var segments = await EndToEndMedia.GetSegmentsAsync();
        var devnet = await SharedDevnet.GetAsync();
        await StartFreshRoundAsync(devnet);
        await using var gateway = await EndToEndGateway.StartAsync(devnet, WorkerGatewayAccount, GatewayMaxTicketEv);
        await using var host = await OrchestratorTestHost.StartAsync(HostOptions(configure: o =>
        {
            o.TranscoderSecret = WorkerSecret;
            o.TranscodeLocally = false;
        }));
        host.Services.GetRequiredService<RemoteTranscoderManager>().MinimumResultTimeout = TimeSpan.FromSeconds(40);
        _worker = WorkerHostProcess.Start(worker, host.BaseUri, WorkerSecret, WorkerCapacity);
        var registered = await WaitForWorkerAsync(host, _worker);
        Assert.That(registered.Capacity, Is.EqualTo(WorkerCapacity), "the worker registered with the capacity it was started with");
        var deposit = (await gateway.GetSenderInfoAsync()).Deposit;

        var stream = await StreamAsync(host, gateway, segments);

        Assert.That(host.Fake!.Calls, Is.Empty, "no segment was transcoded in the orchestrator's process");
        Assert.That(_worker.HasExited, Is.False, $"the worker kept running. Output:\n{_worker.Transcript}");
        AssertBalance(host, gateway, stream);
        await AssertTicketsRedeemedAsync(devnet, host, gateway, stream, deposit);
    }

    /// <summary>
    /// Starts a new round, so that the tickets' creation round is current and redeemable, and the 41+ blocks mined to
    /// expire their parameters stay inside it (a redemption needs the current round initialized; rounds are 50 blocks).
    /// </summary>
    private static async Task StartFreshRoundAsync(LocalDevnet devnet)
    {
        var round = await devnet.AdvanceRoundAsync();
        var rounds = (await devnet.ConnectAsync()).RoundsManager;
        Assert.That(await rounds.IsCurrentRoundInitializedAsync(), Is.True, $"round {round} is initialized");
        Assert.That(await rounds.GetRoundLengthAsync(), Is.GreaterThan((ulong)TicketRecipient.ParamsExpirationBlocks + 5), "a round outlasts the ticket parameters");
    }

    private static OrchestratorTestHostOptions HostOptions(Action<IServiceCollection>? services = null, Action<LivepeerOrchestratorOptions>? configure = null) => new()
    {
        TicketEv = TicketEv.Value.ToString(CultureInfo.InvariantCulture) + " wei",
        Configure = o =>
        {
            o.PricePerUnit = PricePerUnit;
            o.PixelsPerUnit = PixelsPerUnit;
            // A fixed price keeps the reconciliation exact; the automatic adjustment follows the gas price.
            o.AutoAdjustPrice = false;
            configure?.Invoke(o);
        },
        ConfigureServices = collection =>
        {
            collection.PostConfigure<LivepeerPaymentsOptions>(o => o.MaxFaceValue = FaceValue);
            services?.Invoke(collection);
        },
    };

    private static async Task<TranscoderWorkerStatus> WaitForWorkerAsync(OrchestratorTestHost host, WorkerHostProcess worker)
    {
        var registry = host.Services.GetRequiredService<ITranscoderWorkerRegistry>();
        var deadline = DateTime.UtcNow + RegistrationTimeout;
        for (var attempt = 0; attempt < 1_000 && DateTime.UtcNow < deadline; attempt++)
        {
            if (registry.GetWorkers() is [var registered])
            {
                return registered;
            }

            if (worker.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"the worker process did not register within {RegistrationTimeout.TotalSeconds} s (exited: {worker.HasExited}). Output:\n{worker.Transcript}");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Sends the segments as one stream, one winning ticket each, checking every result on the way.</summary>
    private static async Task<StreamRecord> StreamAsync(OrchestratorTestHost host, EndToEndGateway gateway, IReadOnlyList<byte[]> segments)
    {
        // Deadlines four times the defaults: real ffmpeg on a test machine shared with other test assemblies can be
        // many times slower than an orchestrator in service.
        using var client = new OrchestratorClient(host.BaseUri, new OrchestratorClientOptions { SegmentTimeoutMultiplier = 4 });
        var info = await client.GetOrchestratorAsync(gateway.Signer, Capabilities);
        Assert.That(info.Address, Is.EqualTo(host.Address), "the orchestrator names its own address");
        Assert.That(info.PriceInfo, Is.Not.Null, "the orchestrator quotes a price");
        var price = info.PriceInfo!.Value;
        Assert.That(price.ToRational(), Is.EqualTo(new BigRational(new BigInteger(PricePerUnit), PixelsPerUnit)), "the configured price");
        var sessionId = info.AuthToken?.SessionId ?? throw new AssertionException("the orchestrator issued no auth token");
        var manifestId = "e2e-" + Guid.NewGuid().ToString("N");

        var tickets = new List<Ticket>();
        var credited = BigRational.Zero;
        var pixels = 0L;
        var lastExpiration = 0UL;
        for (var sequence = 0; sequence < segments.Count; sequence++)
        {
            var segment = segments[sequence];
            var ticketParams = info.TicketParams ?? throw new AssertionException($"no ticket parameters for segment {sequence}");
            Assert.That(ticketParams.FaceValue, Is.EqualTo(FaceValue), "the face value is capped");
            Assert.That((Uint256.MaxValue - ticketParams.WinProb) * TicketEv.Value, Is.LessThan(Uint256.MaxValue), "a ticket loses with probability below 1/EV");

            var senderSession = gateway.Sender.StartSession(ticketParams, info.PriceInfo ?? price);
            TicketBatch batch;
            try
            {
                batch = await gateway.Sender.CreateTicketBatchAsync(senderSession, 1);
            }
            finally
            {
                gateway.Sender.CleanupSession(senderSession);
            }

            var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(
                gateway.Signer, info, manifestId, sequence, segment, EndToEndMedia.SegmentDuration, Profiles, Capabilities);
            var result = await client.SubmitSegmentAsync(info, credentials, batch.ToPayment(), segment);

            Assert.That(result.Sequence, Is.EqualTo(sequence));
            Assert.That(result.Renditions, Has.Count.EqualTo(Profiles.Length), $"segment {sequence} has a rendition per profile");
            var renditions = new List<ReadOnlyMemory<byte>>(Profiles.Length);
            for (var i = 0; i < Profiles.Length; i++)
            {
                var rendition = result.Renditions[i];
                var bytes = await client.DownloadRenditionAsync(rendition.Url);
                var (width, height, frames) = await EndToEndMedia.ProbeAsync(bytes);
                Assert.That(frames, Is.GreaterThan(0), $"segment {sequence} {Profiles[i].Name} has video frames");
                Assert.That(width, Is.EqualTo(Profiles[i].Width), $"segment {sequence} {Profiles[i].Name}: a landscape source is scaled to the profile's width, its height following the aspect ratio");
                Assert.That(rendition.Pixels, Is.EqualTo(frames * width * height), $"segment {sequence} {Profiles[i].Name}: the charged pixels are ffprobe's frames × width × height");
                renditions.Add(bytes);
                pixels += rendition.Pixels;
            }

            var message = WireSignatures.TranscodeDataMessage(renditions);
            Assert.That(WireSignatures.VerifyTranscodeData(host.Address, message, result.Signature), Is.True, $"segment {sequence}: the orchestrator signed the renditions it served");

            credited += batch.ExpectedValue;
            tickets.AddRange(batch.ToTickets());
            lastExpiration = Math.Max(lastExpiration, ticketParams.ExpirationBlock);
            info = result.Info ?? throw new AssertionException($"the result of segment {sequence} carries no fresh info");
            Assert.That(info.AuthToken?.SessionId, Is.EqualTo(sessionId), "the session stays the same");
        }

        return new StreamRecord(sessionId, price, credited, pixels, tickets, lastExpiration);
    }

    private static void AssertBalance(OrchestratorTestHost host, EndToEndGateway gateway, StreamRecord stream)
    {
        Assert.That(stream.Credited, Is.GreaterThanOrEqualTo(new BigRational(TicketEv.Value * stream.Tickets.Count)), "every ticket carries at least the recipient's EV");
        var expected = stream.Credited - stream.Price.Cost(stream.Pixels);
        Assert.That(host.Recipient.GetBalance(gateway.Address, stream.SessionId), Is.EqualTo(expected), "balance = credited EV − price × Σ pixels");
        Assert.That(expected.Sign, Is.Positive, "the tickets paid for the work");
        TestContext.Out.WriteLine($"{stream.Tickets.Count} segments, {stream.Pixels} pixels at {stream.Price}; credited {stream.Credited.ToDecimalString(0)} wei, balance left {expected.ToDecimalString(3)} wei");
    }

    /// <summary>Mines past the tickets' parameter expiry and waits (bounded) until the orchestrator has redeemed every one.</summary>
    private static async Task AssertTicketsRedeemedAsync(LocalDevnet devnet, OrchestratorTestHost host, EndToEndGateway gateway, StreamRecord stream, Wei depositBefore)
    {
        var redeemer = host.Services.GetRequiredService<ISenderMonitor>() as LocalTicketRedeemer;
        Assert.That(redeemer, Is.Not.Null, "the orchestrator redeems its own tickets");
        var head = await devnet.Rpc.GetBlockNumberAsync();
        if (stream.LastExpirationBlock >= head)
        {
            await devnet.MineAsync(stream.LastExpirationBlock - head + 1);
        }

        var expectedPaid = FaceValue.Value * stream.Tickets.Count;
        var hashes = stream.Tickets.Select(t => t.ComputeHash()).ToList();
        var paid = BigInteger.Zero;
        var used = 0;
        var open = -1;
        var deadline = DateTime.UtcNow + RedemptionTimeout;
        for (var attempt = 0; attempt < 300 && DateTime.UtcNow < deadline; attempt++)
        {
            paid = depositBefore.Value - (await gateway.GetSenderInfoAsync()).Deposit.Value;
            used = 0;
            foreach (var hash in hashes)
            {
                used += await gateway.Chain.TicketBroker.IsTicketUsedAsync(hash) ? 1 : 0;
            }

            open = await redeemer!.CountUnredeemedAsync();
            if (paid == expectedPaid && used == hashes.Count && open == 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.That(used, Is.EqualTo(hashes.Count), "every ticket is used on chain");
        Assert.That(paid, Is.EqualTo(expectedPaid), "the deposit paid exactly the winning tickets' face values");
        Assert.That(open, Is.Zero, "the recipient has no unredeemed tickets left");
        Assert.That(await StoredStatusesAsync(host, hashes), Is.All.EqualTo(RedeemedStatus), "the winning-ticket store marks every ticket redeemed");
        TestContext.Out.WriteLine($"{used} winning tickets redeemed; the gateway's deposit paid {paid} wei");
    }

    /// <summary>Each ticket's status in the orchestrator's winning-ticket store (-1 when absent), read without writing.</summary>
    private static async Task<IReadOnlyList<long>> StoredStatusesAsync(OrchestratorTestHost host, IReadOnlyList<byte[]> hashes)
    {
        var path = host.Services.GetRequiredService<IOptions<LivepeerPaymentsOptions>>().Value.DatabasePath!;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var statuses = new List<long>(hashes.Count);
        foreach (var hash in hashes)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT status FROM winning_tickets WHERE ticket_hash = $hash";
            command.Parameters.AddWithValue("$hash", hash);
            statuses.Add(await command.ExecuteScalarAsync() is long status ? status : -1);
        }

        return statuses;
    }

    private sealed record StreamRecord(string SessionId, PixelPrice Price, BigRational Credited, long Pixels, IReadOnlyList<Ticket> Tickets, ulong LastExpirationBlock);
}
