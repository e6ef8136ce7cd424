using Livepeer.Devnet;

namespace Livepeer.Protocol.Tests.Chain;

/// <summary>One anvil per fixture; each test runs on a snapshot that is reverted afterwards.</summary>
[Category("Chain")]
internal abstract class ChainTestBase
{
    private string? _snapshot;

    protected AnvilNode Anvil { get; private set; } = null!;

    protected EthereumRpcClient Rpc { get; private set; } = null!;

    protected static TransactionSenderOptions FastOptions() => new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        ReceiptTimeout = TimeSpan.FromSeconds(20),
    };

    [OneTimeSetUp]
    public async Task StartChain()
    {
        Anvil = await AnvilNode.StartAsync();
        Rpc = EthereumRpcClient.Create(Anvil.RpcUri);
    }

    [OneTimeTearDown]
    public async Task StopChain()
    {
        Rpc?.Dispose();
        if (Anvil is not null)
        {
            await Anvil.DisposeAsync();
        }
    }

    [SetUp]
    public async Task TakeSnapshot()
    {
        _snapshot = await Anvil.SnapshotAsync();
    }

    [TearDown]
    public async Task RevertSnapshot()
    {
        await Anvil.SetAutomineAsync(true);
        if (_snapshot is not null)
        {
            await Anvil.RevertAsync(_snapshot);
        }
    }

    protected static PrivateKeySigner DevSigner(int index) => AnvilNode.DevAccounts[index].CreateSigner();

    protected TransactionSender Sender(int index, TransactionSenderOptions? options = null, NonceManager? nonces = null)
        => new(Rpc, DevSigner(index), options ?? FastOptions(), nonces);
}
