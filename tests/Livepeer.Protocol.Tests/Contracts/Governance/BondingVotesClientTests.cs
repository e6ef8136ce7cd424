using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts;

public sealed class BondingVotesClientTests
{
    private static readonly EthAddress Votes = EthAddress.Parse("0x0B9C254837E72Ebe9Fe04960C43B69782E68169A");
    private static readonly EthAddress Delegator = EthAddress.Parse("0x1111111111111111111111111111111111111111");
    private static readonly EthAddress Transcoder = EthAddress.Parse("0x2222222222222222222222222222222222222222");

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(BondingVotesClient), new Dictionary<string, string>
        {
            ["clock()"] = "0x91ddadf4",
            ["CLOCK_MODE()"] = "0x4bf5d7e9",
            ["delegatedAt(address,uint256)"] = "0xf92e135b",
            ["delegates(address)"] = "0x587cde1e",
            ["getPastTotalSupply(uint256)"] = "0x8e539e8c",
            ["getPastVotes(address,uint256)"] = "0x3a46b1a8",
            ["getTotalActiveStakeAt(uint256)"] = "0xb782c2bd",
            ["getVotes(address)"] = "0x9ab24eb0",
            ["getVotesAndDelegateAtRoundStart(address,uint256)"] = "0xdb51a69f",
            ["hasCheckpoint(address)"] = "0xc656a01e",
            ["totalSupply()"] = "0x18160ddd",
        });
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("BondingVotes", BondingVotesClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["DelegateChanged(address,address,address)"] = "0x3134e8a2e6d97e929a7e54011ea5485d7d196dd5f0ba4d4ef95803e8e3fc257f",
            ["DelegateVotesChanged(address,uint256,uint256)"] = "0xdec2bacdd2f05b59de34da9b523dff8be42e5e38e818c82fdb0bae774387a724",
            ["DelegatorBondedAmountChanged(address,uint256,uint256,uint256,uint256)"] = "0x1232f54fc2d34f79dc63b496ab493d834655fc2ea6d945ca547e9be242fd2b72",
        });
    }

    [Test]
    public void Errors_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertErrors("BondingVotes", BondingVotesClient.Errors, new Dictionary<string, string>
        {
            ["DecreasingValues(uint256,uint256)"] = "0x28ffde61",
            ["FutureLastClaimRound(uint256,uint256)"] = "0x107098b2",
            ["FutureLookup(uint256,uint256)"] = "0x7f07449b",
            ["InvalidCaller(address,address)"] = "0x16cece48",
            ["InvalidStartRound(uint256,uint256)"] = "0xb986b599",
            ["InvalidTotalStakeCheckpointRound(uint256,uint256)"] = "0x29af3fdf",
            ["MissingEarningsPool(address,uint256)"] = "0x92ad5a72",
            ["MustCallBondingManager(string)"] = "0x866cb42d",
        });
    }

    [Test]
    public async Task GetPastVotesAsync_CurrentRound_DecodesFutureLookupWithItsArguments()
    {
        var revert = AbiError.Parse("FutureLookup(uint256,uint256)").Encode(3_600, 3_599);
        var node = new ContractNode { OnCall = _ => CallOutcome.Reverts(revert) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new BondingVotesClient(context, Votes);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.GetPastVotesAsync(Delegator, 3_600));

            Assert.That(ex!.ErrorName, Is.EqualTo("FutureLookup"));
            Assert.That(ex.ErrorArguments, Is.EqualTo(new object[] { new BigInteger(3_600), new BigInteger(3_599) }));
            Assert.That(ex.Message, Does.StartWith("BondingVotes.getPastVotes reverted: "));
            Assert.That(Hex.Encode(node.Calls.Single()), Is.EqualTo(Hex.Encode(new Words().Selector("0x3a46b1a8").Address(Delegator).Uint(3_600).ToArray())));
        }
    }

    [Test]
    public async Task GetVotesAndDelegateAtRoundStartAsync_TwoWords_DecodesVotesAndDelegate()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(Wei.FromEther(250).Value).Address(Transcoder).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new BondingVotesClient(context, Votes);

            var result = await client.GetVotesAndDelegateAtRoundStartAsync(Delegator, 3_600);

            Assert.That(result, Is.EqualTo(new VotesAndDelegate(Wei.FromEther(250), Transcoder)));
        }
    }

    [Test]
    public async Task GetClockModeAsync_String_Decodes()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(AbiCodec.Encode([AbiType.String], ["mode=livepeer_round"])) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new BondingVotesClient(context, Votes);

            Assert.That(await client.GetClockModeAsync(), Is.EqualTo("mode=livepeer_round"));
        }
    }

    [Test]
    public void DecodeEvents_DelegatorBondedAmountChanged_DecodesAmountsAndRounds()
    {
        var client = new BondingVotesClient(new ContractNode().CreateContext(withSender: false).Context, Votes);
        var changed = AbiEvent.Parse("DelegatorBondedAmountChanged(address indexed delegate, uint256 previousBondedAmount, uint256 previousLastClaimRound, uint256 newBondedAmount, uint256 newLastClaimRound)");
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs = [TicketBrokerClientTests.Log(Votes, [changed.Topic0.ToArray(), TicketBrokerClientTests.Topic(Delegator)], new Words().Uint(100).Uint(3_500).Uint(150).Uint(3_510).ToArray())],
        };

        var decoded = client.DecodeEvents(receipt).Single();

        Assert.That(decoded, Is.EqualTo(new DelegatorBondedAmountChangedEvent(Delegator, new Wei(100), 3_500, new Wei(150), 3_510) { Log = receipt.Logs[0] }));
    }
}
