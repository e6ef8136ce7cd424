using System.Net;
using System.Text;
using System.Text.Json;
using Livepeer.Devnet;
using Livepeer.Protocol.Tests.Hosting;

using Livepeer.Protocol.Tests.Chain;

namespace Livepeer.Protocol.Tests.Watching;

internal sealed class EventWatcherChainTests : DevnetTestBase
{
    private static EventWatcherOptions Fast(int confirmations = 1) => new()
    {
        Confirmations = confirmations,
        PollInterval = TimeSpan.FromMilliseconds(25),
        RetryDelay = TimeSpan.FromMilliseconds(5),
    };

    /// <summary>Reads from <paramref name="events"/> until <paramref name="done"/> holds, at most 200 items and 15 s.</summary>
    private static async Task<List<T>> TakeUntilAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> events, Func<List<T>, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new List<T>();
        try
        {
            await foreach (var item in events(cts.Token))
            {
                seen.Add(item);
                if (done(seen) || seen.Count >= 200)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"The watcher stopped yielding after {seen.Count} item(s): {string.Join(", ", seen)}");
        }
        return seen;
    }

    [Test]
    public async Task WatchEventsAsync_FromBlock_YieldsTypedEventsInChainOrder()
    {
        var from = await Devnet.Rpc.GetBlockNumberAsync() + 1;
        var account = Devnet.Accounts[2];
        var protocol = await Devnet.ConnectAsync(account, FastSending());
        await protocol.LivepeerToken.TransferAsync(Devnet.Accounts[3].Address, Wei.FromEther(1));
        await protocol.LivepeerToken.ApproveAsync(protocol.BondingManager.Address, Wei.FromEther(10));
        await protocol.BondingManager.BondAsync(Wei.FromEther(10), account.Address);
        var round = await Devnet.AdvanceRoundAsync();
        var watcher = protocol.CreateEventWatcher(Fast());

        var events = await TakeUntilAsync(ct => watcher.WatchEventsAsync(from, protocol.ContractAddresses, ct), seen => seen.Any(e => e is NewRoundEvent));

        var transfer = events.FindIndex(e => e is TransferEvent t && t.To == Devnet.Accounts[3].Address && t.Value == Wei.FromEther(1));
        var bond = events.FindIndex(e => e is BondEvent b && b.Delegator == account.Address && b.AdditionalAmount == Wei.FromEther(10));
        var newRound = events.FindIndex(e => e is NewRoundEvent n && n.Round == round);
        Assert.That(transfer, Is.GreaterThanOrEqualTo(0), "Transfer seen");
        Assert.That(bond, Is.GreaterThan(transfer), "Bond after Transfer");
        Assert.That(newRound, Is.GreaterThan(bond), "NewRound after Bond");
        Assert.That(events.Select(e => (e.Log.BlockNumber, e.Log.LogIndex)), Is.Ordered.Ascending);
        Assert.That(events.Select(e => e.Log.BlockNumber), Has.All.GreaterThanOrEqualTo(from));
    }

    [Test]
    public async Task WatchLogsAsync_ThreeConfirmations_WaitsForTwoMoreBlocks()
    {
        var protocol = await Devnet.ConnectAsync(Devnet.Accounts[2], FastSending());
        var receipt = await protocol.LivepeerToken.TransferAsync(Devnet.Accounts[3].Address, Wei.FromEther(2));
        var watcher = protocol.CreateEventWatcher(Fast(confirmations: 3));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var enumerator = watcher.WatchLogsAsync(receipt.BlockNumber, [protocol.LivepeerToken.Address], cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            var next = enumerator.MoveNextAsync().AsTask();
            await Task.Delay(300);
            Assert.That(next.IsCompleted, Is.False, "yielded with 1 confirmation");

            await Devnet.MineAsync();
            await Task.Delay(300);
            Assert.That(next.IsCompleted, Is.False, "yielded with 2 confirmations");

            await Devnet.MineAsync();
            Assert.That(await next.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
            Assert.That(enumerator.Current.TransactionHash, Is.EqualTo(receipt.TransactionHash));
            Assert.That(enumerator.Current.BlockNumber, Is.EqualTo(receipt.BlockNumber));
        }
        finally
        {
            await cts.CancelAsync();
            await enumerator.DisposeAsync();
        }
    }

    [Test]
    public async Task WatchLogsAsync_EveryOtherCallFails_YieldsEveryLogExactlyOnce()
    {
        var protocol = await Devnet.ConnectAsync(Devnet.Accounts[2], FastSending());
        var from = await Devnet.Rpc.GetBlockNumberAsync() + 1;
        var hashes = new List<string>();
        for (var i = 1; i <= 6; i++)
        {
            hashes.Add((await protocol.LivepeerToken.TransferAsync(Devnet.Accounts[3].Address, Wei.FromEther(i))).TransactionHash);
            await Devnet.MineAsync();
        }
        using var flaky = new FlakyHandler(new SocketsHttpHandler());
        using var http = new HttpClient(flaky);
        using var rpc = new EthereumRpcClient(http, Devnet.RpcUri, new EthereumRpcClientOptions { MaxRetries = 0 });
        var options = Fast();
        options.MaxBlockRange = 2;
        var watcher = new EventWatcher(rpc, options);

        var logs = await TakeUntilAsync(
            ct => watcher.WatchLogsAsync(from, [protocol.LivepeerToken.Address], cancellationToken: ct),
            seen => seen.Any(l => l.TransactionHash == hashes[^1]));
        var transfers = logs.Select(l => l.TransactionHash).ToList();

        Assert.That(transfers, Is.EqualTo(hashes));
        Assert.That(flaky.Failures, Is.GreaterThanOrEqualTo(2), "failures were injected");
    }

    /// <summary>Fails every other eth_getLogs and every other eth_blockNumber, alternating a JSON-RPC error and an HTTP 503.</summary>
    private sealed class FlakyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        // Counted per method: one shared counter would fail every eth_getLogs, since each follows one eth_blockNumber.
        private int _blockNumberCalls;
        private int _getLogsCalls;
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var text = await request.Content!.ReadAsStringAsync(cancellationToken);
            using var body = JsonDocument.Parse(text);
            var method = body.RootElement.GetProperty("method").GetString();
            var call = method switch
            {
                "eth_blockNumber" => Interlocked.Increment(ref _blockNumberCalls),
                "eth_getLogs" => Interlocked.Increment(ref _getLogsCalls),
                _ => 0,
            };
            if (call % 2 == 1)
            {
                var failure = Interlocked.Increment(ref _failures);
                return failure % 2 == 1
                    ? new HttpResponseMessage(HttpStatusCode.OK)
                    {
                        Content = new StringContent(
                            $"{{\"jsonrpc\":\"2.0\",\"id\":{body.RootElement.GetProperty("id").GetRawText()},\"error\":{{\"code\":-32005,\"message\":\"injected failure\"}}}}",
                            Encoding.UTF8,
                            "application/json"),
                    }
                    : new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
