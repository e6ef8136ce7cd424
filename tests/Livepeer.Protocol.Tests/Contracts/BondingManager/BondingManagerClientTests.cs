using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts.BondingManager;

/// <summary>The client against a scripted node: decoding, failures that name the function, hints and events.</summary>
public sealed class BondingManagerClientTests
{
    private const string Key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private static readonly EthAddress Proxy = EthAddress.Parse("0x35Bcf3c30594191d53231E4FF333E8A770453e40");
    private static readonly EthAddress A = EthAddress.Parse("0x00000000000000000000000000000000000000aa");
    private static readonly EthAddress B = EthAddress.Parse("0x00000000000000000000000000000000000000bb");
    private static readonly EthAddress C = EthAddress.Parse("0x00000000000000000000000000000000000000cc");
    private static readonly BigInteger Lpt = BigInteger.Pow(10, 18);
    private static readonly BigInteger E27 = BigInteger.Pow(10, 27);

    private BondingManagerNode _node = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void SetUp()
    {
        _node = new BondingManagerNode();
        _http = new HttpClient(_node);
    }

    [TearDown]
    public void TearDown()
    {
        _http.Dispose();
        _node.Dispose();
    }

    private BondingManagerClient Client(bool withSigner = false)
    {
        var rpc = new EthereumRpcClient(_http, new Uri("http://127.0.0.1:1/"), new EthereumRpcClientOptions { MaxRetries = 0 });
        var sender = withSigner
            ? new TransactionSender(rpc, PrivateKeySigner.FromHex(Key), new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(1) })
            : null;
        return new BondingManagerClient(new ProtocolContext(rpc, sender), Proxy);
    }

    private static EthAddress SignerAddress => PrivateKeySigner.FromHex(Key).Address;

    [Test]
    public async Task GetDelegatorAsync_StructReturned_DecodesEveryField()
    {
        _node.On(BondingManagerClient.GetDelegatorFunction, 5 * Lpt, new BigInteger(7), A, 9 * Lpt, new BigInteger(11), new BigInteger(12), new BigInteger(3));

        var delegator = await Client().GetDelegatorAsync(B);

        Assert.That(delegator, Is.EqualTo(new DelegatorInfo(B, new Wei(5 * Lpt), new Wei(7), A, new Wei(9 * Lpt), 11, 12, 3)));
        Assert.That(_node.Calls.Single().Arguments[0], Is.EqualTo(B));
        Assert.That(delegator.StatusAt(10), Is.EqualTo(DelegatorStatus.Pending));
        Assert.That(delegator.StatusAt(11), Is.EqualTo(DelegatorStatus.Bonded));
    }

    [Test]
    public async Task GetTranscoderAsync_NoScheduledExit_DeactivationRoundIsMaxValue()
    {
        _node.On(BondingManagerClient.GetTranscoderFunction,
            new BigInteger(20), new BigInteger(250_000), new BigInteger(900_000), new BigInteger(19), new BigInteger(5), Uint256.MaxValue,
            new BigInteger(1), new BigInteger(2), new BigInteger(3), new BigInteger(18));

        var transcoder = await Client().GetTranscoderAsync(A);

        Assert.That(transcoder, Is.EqualTo(new TranscoderInfo(A, 20, 250_000, 900_000, 19, 5, ulong.MaxValue, new Wei(1), new Wei(2), new Wei(3), 18)));
        Assert.That(transcoder.IsDeactivationScheduled, Is.False);
        Assert.That(transcoder.RewardCutFraction, Is.EqualTo(0.25m));
        Assert.That(transcoder.FeeShareFraction, Is.EqualTo(0.9m));
        Assert.That(transcoder.IsActiveIn(20), Is.True);
    }

    [Test]
    public async Task GetTranscoderEarningsPoolForRoundAsync_StructReturned_DecodesInStorageOrder()
    {
        _node.On(BondingManagerClient.GetTranscoderEarningsPoolForRoundFunction, 100 * Lpt, new BigInteger(1), new BigInteger(2), E27, new BigInteger(4));

        var pool = await Client().GetTranscoderEarningsPoolForRoundAsync(A, 42);

        Assert.That(pool, Is.EqualTo(new EarningsPool(new Wei(100 * Lpt), 1, 2, E27, 4)));
        Assert.That(_node.Calls.Single().Arguments, Is.EqualTo(new object[] { A, new BigInteger(42) }));
    }

    [TestCase(0, DelegatorStatus.Pending)]
    [TestCase(1, DelegatorStatus.Bonded)]
    [TestCase(2, DelegatorStatus.Unbonded)]
    public async Task GetDelegatorStatusAsync_Value_MapsToEnum(int value, DelegatorStatus expected)
    {
        _node.On(BondingManagerClient.DelegatorStatusFunction, new BigInteger(value));
        Assert.That(await Client().GetDelegatorStatusAsync(A), Is.EqualTo(expected));
    }

    [Test]
    public async Task GetDelegatorStatusAsync_UnknownValue_Throws()
    {
        _node.On(BondingManagerClient.DelegatorStatusFunction, new BigInteger(3));
        await Assert.ThrowsAsync<ContractCallException>(() => Client().GetDelegatorStatusAsync(A));
    }

    [Test]
    public async Task GetPendingFeesAsync_Delegator_PassesZeroEndRound()
    {
        _node.On(BondingManagerClient.PendingFeesFunction, new BigInteger(77));

        Assert.That(await Client().GetPendingFeesAsync(A), Is.EqualTo(new Wei(77)));
        Assert.That(_node.Calls.Single().Arguments, Is.EqualTo(new object[] { A, BigInteger.Zero }));
    }

    [Test]
    public async Task GetPendingStakeAsync_EndRound_IsSent()
    {
        _node.On(BondingManagerClient.PendingStakeFunction, new BigInteger(88));

        Assert.That(await Client().GetPendingStakeAsync(A, endRound: 12), Is.EqualTo(new Wei(88)));
        Assert.That(_node.Calls.Single().Arguments, Is.EqualTo(new object[] { A, new BigInteger(12) }));
    }

    [Test]
    public async Task GetDelegatorAsync_Reverted_NamesContractAndFunction()
    {
        _node.Revert(BondingManagerClient.GetDelegatorFunction, "target contract must be registered");

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => Client().GetDelegatorAsync(A));

        Assert.That(ex!.Message, Is.EqualTo("BondingManager.getDelegator reverted: target contract must be registered"));
        Assert.That(ex.FunctionName, Is.EqualTo("getDelegator"));
    }

    [Test]
    public async Task UnbondAsync_RevertedOnEstimate_NamesContractAndFunction()
    {
        _node.Revert(BondingManagerClient.UnbondFunction, "caller must be bonded");

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => Client(withSigner: true).UnbondAsync(new Wei(1)));

        Assert.That(ex!.Message, Is.EqualTo("BondingManager.unbond reverted: caller must be bonded"));
        Assert.That(ex.Reason, Is.EqualTo("caller must be bonded"));
    }

    [Test]
    public async Task BondWithHintAsync_NoSigner_ThrowsNoSigner()
    {
        var ex = await Assert.ThrowsAsync<ContractCallException>(() => Client().BondWithHintAsync(new Wei(1), A));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NoSigner));
    }

    [Test]
    public async Task GetTranscoderPoolAsync_ThreeMembers_WalksFirstThenNextAtOneBlock()
    {
        ScriptPool((A, 100), (B, 80), (C, 50));

        var pool = await Client().GetTranscoderPoolAsync();

        Assert.That(pool, Is.EqualTo(new[] { Member(A, 100), Member(B, 80), Member(C, 50) }));
        Assert.That(_node.Calls.Select(c => c.Block).Distinct(), Is.EqualTo(new[] { "0x64" }));
    }

    [Test]
    public async Task GetTranscoderPoolAsync_EmptyPool_IsEmpty()
    {
        ScriptPool();
        Assert.That(await Client().GetTranscoderPoolAsync(), Is.Empty);
    }

    [Test]
    public async Task GetTranscoderPoolAsync_ListRunsPastItsSize_Throws()
    {
        ScriptPool((A, 100), (B, 80));
        _node.On(BondingManagerClient.GetTranscoderPoolSizeFunction, BigInteger.One);

        var ex = await Assert.ThrowsAsync<ContractCallException>(() => Client().GetTranscoderPoolAsync());
        Assert.That(ex!.FunctionName, Is.EqualTo("getNextTranscoderInPool"));
    }

    [Test]
    public async Task ComputePendingEarningsAsync_ScriptedState_MatchesHandComputedValues()
    {
        var delegator = B;
        _node.On(BondingManagerClient.GetDelegatorFunction, 1000 * Lpt, Lpt / 2, A, BigInteger.Zero, new BigInteger(5), new BigInteger(10), BigInteger.Zero);
        _node.On(BondingManagerClient.GetTranscoderFunction, args => (EthAddress)args[0]! == A
            ? [new BigInteger(15), new BigInteger(100_000), new BigInteger(500_000), new BigInteger(15), new BigInteger(1), Uint256.MaxValue, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, new BigInteger(15)]
            : throw new AssertionException("getTranscoder of the wrong address"));
        _node.On(BondingManagerClient.GetTranscoderEarningsPoolForRoundFunction, args => (BigInteger)args[1]! == 15
            ? [BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, E27 * 11 / 10, 2 * BigInteger.Pow(10, 24)]
            : [BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero]);

        var pending = await Client().ComputePendingEarningsAsync(delegator, currentRound: 15);

        Assert.That(pending, Is.EqualTo(new PendingEarnings(new Wei(1100 * Lpt), new Wei(5 * Lpt / 2))));
        var poolRounds = _node.Calls.Where(c => c.Function == "getTranscoderEarningsPoolForRound").Select(c => (BigInteger)c.Arguments[1]!);
        Assert.That(poolRounds, Is.EquivalentTo(new BigInteger[] { 10, 15 }));
        Assert.That(_node.Calls.Select(c => c.Block).Distinct(), Is.EqualTo(new[] { "0x64" }));
    }

    [Test]
    public async Task BondWithHintAsync_MovingBond_SendsHintsForBothDelegatesAndDecodesBondEvent()
    {
        // The signer has 30 bonded to A and 40 pending (rewards included); it bonds 10 more and moves to C.
        // A: 100 − 40 = 60 → between B (80) and C (50). Then C: 50 + 40 + 10 = 100 → above B, the new head.
        ScriptPool((A, 100), (B, 80), (C, 50));
        _node.On(BondingManagerClient.GetTranscoderPoolMaxSizeFunction, new BigInteger(100));
        _node.On(BondingManagerClient.GetDelegatorFunction, new BigInteger(30), BigInteger.Zero, A, BigInteger.Zero, new BigInteger(2), new BigInteger(9), BigInteger.Zero);
        _node.On(BondingManagerClient.PendingStakeFunction, new BigInteger(40));
        var bond = BondingManagerClient.EventCatalog.Events.Single(e => e.Name == "Bond");
        _node.ReceiptLogsJson = $$"""
            [{"address":"{{Proxy}}","topics":["{{bond.Topic0Hex}}","{{Word(C)}}","{{Word(A)}}","{{Word(SignerAddress)}}"],"data":"0x{{Hex.Encode(Uint256.ToPadded(10), prefix: false)}}{{Hex.Encode(Uint256.ToPadded(40), prefix: false)}}"},
             {"address":"{{A}}","topics":["{{bond.Topic0Hex}}"],"data":"0x"}]
            """;
        var client = Client(withSigner: true);

        var receipt = await client.BondWithHintAsync(new Wei(10), C);

        var arguments = BondingManagerClient.BondWithHintFunction.DecodeCall(_node.Sent.Single().Data.Span);
        Assert.That(arguments, Is.EqualTo(new object[] { new BigInteger(10), C, B, C, EthAddress.Zero, B }));
        var events = client.DecodeEvents(receipt);
        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0], Is.EqualTo(new BondEvent(C, A, SignerAddress, new Wei(10), new Wei(40)) { Log = receipt.Logs[0] }));
    }

    [Test]
    public async Task RewardWithHintAsync_EstimatedReward_HintsTheRaisedPosition()
    {
        // The signer (stake 50, the tail) expects 40 in rewards: 90 puts it between A (100) and B (80).
        ScriptPool((A, 100), (B, 80), (SignerAddress, 50));
        _node.On(BondingManagerClient.GetTranscoderPoolMaxSizeFunction, new BigInteger(100));

        await Client(withSigner: true).RewardWithHintAsync(new Wei(40));

        var arguments = BondingManagerClient.RewardWithHintFunction.DecodeCall(_node.Sent.Single().Data.Span);
        Assert.That(arguments, Is.EqualTo(new object[] { A, B }));
    }

    [Test]
    public async Task RewardWithHintAsync_NoEstimate_HintsTheCurrentNeighbours()
    {
        ScriptPool((A, 100), (SignerAddress, 80), (C, 50));
        _node.On(BondingManagerClient.GetTranscoderPoolMaxSizeFunction, new BigInteger(100));

        await Client(withSigner: true).RewardWithHintAsync();

        var arguments = BondingManagerClient.RewardWithHintFunction.DecodeCall(_node.Sent.Single().Data.Span);
        Assert.That(arguments, Is.EqualTo(new object[] { A, C }));
    }

    private void ScriptPool(params (EthAddress Address, int Stake)[] members)
    {
        _node.On(BondingManagerClient.GetTranscoderPoolSizeFunction, new BigInteger(members.Length));
        _node.On(BondingManagerClient.GetFirstTranscoderInPoolFunction, members.Length > 0 ? members[0].Address : EthAddress.Zero);
        _node.On(BondingManagerClient.GetNextTranscoderInPoolFunction, args =>
        {
            var at = Array.FindIndex(members, m => m.Address == (EthAddress)args[0]!);
            return [at >= 0 && at + 1 < members.Length ? members[at + 1].Address : EthAddress.Zero];
        });
        _node.On(BondingManagerClient.TranscoderTotalStakeFunction, args =>
        {
            var at = Array.FindIndex(members, m => m.Address == (EthAddress)args[0]!);
            return [new BigInteger(at >= 0 ? members[at].Stake : 0)];
        });
    }

    private static TranscoderPoolMember Member(EthAddress address, int stake) => new(address, new Wei(stake));

    private static string Word(EthAddress address) => "0x000000000000000000000000" + address.ToLowerHex()[2..];
}
