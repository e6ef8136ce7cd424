using System.Diagnostics;
using Livepeer.Gateway;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Benchmarks.Gateway;

/// <summary>
/// The gateway's added latency per segment: <see cref="ILivepeerGateway.TranscodeSegmentAsync"/> against the same
/// orchestrator called directly (<see cref="OrchestratorClient.SubmitSegmentAsync"/> plus one
/// <see cref="OrchestratorClient.DownloadRenditionAsync"/> per rendition), one pair per segment, the order alternating.
/// The direct call's tickets, balance bookkeeping and signed segment are made before its clock starts, so what the
/// difference holds is everything the gateway does around the same exchange.
/// </summary>
internal static class GatewayLatency
{
    private static readonly TimeSpan SegmentDuration = TimeSpan.FromSeconds(2);

    /// <param name="gateway">The gateway under test, sending to <paramref name="serviceUri"/> only.</param>
    /// <param name="serviceUri">The orchestrator.</param>
    /// <param name="signer">The baseline's signer (its own account on chain).</param>
    /// <param name="sender">The baseline's ticket sender, or null off chain.</param>
    public static async Task<LatencyResult> MeasureAsync(
        ILivepeerGateway gateway,
        Uri serviceUri,
        ISigner signer,
        TicketSender? sender,
        byte[] segment,
        int warmup,
        int segments,
        int gapMs,
        string streamId)
    {
        // Each timed call is followed by the same idle gap, as a live stream's segments are 2 s apart; work the gateway
        // does between segments (signing the next tickets) happens there, and not during the other side's clock.
        var gap = TimeSpan.FromMilliseconds(gapMs);
        var profiles = GatewayBenchHosts.Profiles;
        var capabilities = JobCapabilities.For(profiles, VideoFormat.MpegTs);
        using var client = new OrchestratorClient(serviceUri);
        var balances = new PaymentBalances();
        var info = await client.GetOrchestratorAsync(signer, capabilities);

        var gatewayMs = new List<double>(segments);
        var baselineMs = new List<double>(segments);
        var hashMs = new List<double>(segments);
        long tickets = 0;
        long baselineTickets = 0;
        for (var seq = 0; seq < warmup + segments; seq++)
        {
            var source = new SourceSegment(seq, segment, SegmentDuration);
            double viaGateway;
            double direct;
            int sent;
            int directSent;
            if (seq % 2 == 0)
            {
                (viaGateway, sent) = await ThroughGatewayAsync(gateway, streamId, source, profiles);
                await Idle(gap);
                (direct, directSent, info) = await DirectAsync(client, signer, sender, balances, info, source, profiles, capabilities, streamId);
                await Idle(gap);
            }
            else
            {
                (direct, directSent, info) = await DirectAsync(client, signer, sender, balances, info, source, profiles, capabilities, streamId);
                await Idle(gap);
                (viaGateway, sent) = await ThroughGatewayAsync(gateway, streamId, source, profiles);
                await Idle(gap);
            }

            // The gateway's Keccak-256 of the segment, timed alone under the same conditions as the pair.
            var hashStarted = Stopwatch.GetTimestamp();
            _ = Keccak256.Hash(segment);
            var hashed = Stopwatch.GetElapsedTime(hashStarted).TotalMilliseconds;
            if (seq >= warmup)
            {
                hashMs.Add(hashed);
                gatewayMs.Add(viaGateway);
                baselineMs.Add(direct);
                tickets += sent;
                baselineTickets += directSent;
            }
        }

        return new LatencyResult(gatewayMs, baselineMs, hashMs, tickets, baselineTickets);
    }

    private static Task Idle(TimeSpan gap) => gap > TimeSpan.Zero ? Task.Delay(gap) : Task.CompletedTask;

    private static async Task<(double Ms, int Tickets)> ThroughGatewayAsync(ILivepeerGateway gateway, string streamId, SourceSegment source, VideoProfile[] profiles)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await gateway.TranscodeSegmentAsync(streamId, source, profiles);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (result.Renditions.Count != profiles.Length || result.Attempts != 1)
        {
            throw new InvalidOperationException($"segment {source.Sequence}: {result.Renditions.Count} renditions after {result.Attempts} attempts");
        }

        return (elapsed, result.TicketsSent);
    }

    private static async Task<(double Ms, int Tickets, OrchestratorInfo Info)> DirectAsync(
        OrchestratorClient client,
        ISigner signer,
        TicketSender? sender,
        PaymentBalances balances,
        OrchestratorInfo info,
        SourceSegment source,
        VideoProfile[] profiles,
        CapabilitySet capabilities,
        string streamId)
    {
        // What the gateway does per attempt (fee estimate, balance, tickets, signed segment), before the clock.
        TicketPayment payment;
        BalanceUpdate? update = null;
        var tickets = 0;
        if (sender is null)
        {
            payment = new TicketPayment(signer.Address, null, null, null, []);
        }
        else
        {
            var price = info.PriceInfo ?? throw new InvalidOperationException("the orchestrator sent no price");
            var ticketParams = info.TicketParams ?? throw new InvalidOperationException("the orchestrator sent no ticket parameters");
            var token = info.AuthToken ?? throw new InvalidOperationException("the orchestrator sent no auth token");
            var ticketSession = sender.StartSession(ticketParams, price);
            var ev = sender.GetExpectedValue(ticketSession);
            var fee = FeeEstimator.EstimateFee(
                profiles.Select(p => new OutputRendition(p.Width, p.Height, p.FrameRate.Num, p.FrameRate.Den)), source.Duration, price);
            update = balances.StageUpdate(ticketParams.Recipient, token.SessionId, FeeEstimator.MinCredit(fee, ev), ev);
            if (update.NumTickets == 0)
            {
                payment = new TicketPayment(sender.Address, ticketParams, ticketParams.ExpirationParams, price, []);
            }
            else
            {
                payment = (await sender.CreateTicketBatchAsync(ticketSession, update.NumTickets)).ToPayment();
                tickets = update.NumTickets;
            }
        }

        var credentials = await OrchestratorClient.CreateSegmentCredentialsAsync(
            signer, info, streamId + "-direct", source.Sequence, source.Data, source.Duration, profiles, capabilities);

        var started = Stopwatch.GetTimestamp();
        var result = await client.SubmitSegmentAsync(info, credentials, payment, source.Data);
        var renditions = await Task.WhenAll(result.Renditions.Select(r => client.DownloadRenditionAsync(r.Url)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        if (renditions.Length != profiles.Length)
        {
            throw new InvalidOperationException($"direct segment {source.Sequence}: {renditions.Length} renditions");
        }

        if (update is not null && info.PriceInfo is { } charged)
        {
            balances.CompleteUpdate(update, BalanceUpdateOutcome.Completed, charged.Cost(result.Renditions.Sum(r => r.Pixels)));
        }

        return (elapsed, tickets, result.Info ?? info);
    }
}

/// <summary>Per-segment times of both sides, in milliseconds, and the tickets each sent.</summary>
internal sealed record LatencyResult(List<double> GatewayMs, List<double> BaselineMs, List<double> HashMs, long GatewayTickets, long BaselineTickets);
