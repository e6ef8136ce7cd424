using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts;

public sealed class RoundsManagerClientTests
{
    private static readonly EthAddress Rounds = EthAddress.Parse("0xdd6f56DcC28D3F5f27084381fE8Df634985cc39f");

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(RoundsManagerClient), new Dictionary<string, string>
        {
            ["blockHash(uint256)"] = "0x85df51fd",
            ["blockHashForRound(uint256)"] = "0x3aa4add4",
            ["blockNum()"] = "0x8ae63d6d",
            ["currentRound()"] = "0x8a19c8bc",
            ["currentRoundInitialized()"] = "0x219bc76c",
            ["currentRoundLocked()"] = "0x6841f253",
            ["currentRoundStartBlock()"] = "0x8fa148f2",
            ["initializeRound()"] = "0xd4807fb2",
            ["lastInitializedRound()"] = "0x8807f36e",
            ["lastRoundLengthUpdateRound()"] = "0x0fe1dfa8",
            ["lastRoundLengthUpdateStartBlock()"] = "0x668abff7",
            ["lipUpgradeRound(uint256)"] = "0x1e6d4c22",
            ["roundLength()"] = "0x8b649b94",
            ["roundLockAmount()"] = "0xf5b490d5",
        });
    }

    [Test]
    [Category("Chain")]
    public void Declarations_AgainstTheGenuineArtifact_AllPresentWithTheSameShape()
    {
        AbiTables.AssertInArtifact(typeof(RoundsManagerClient), RoundsManagerClient.EventCatalog.Events, "RoundsManager");
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("RoundsManager", RoundsManagerClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["NewRound(uint256,bytes32)"] = "0x22f2fc17c5daf07db2379b3a03a8ef20a183f761097a58fce219c8a14619e786",
        });
    }

    [Test]
    public async Task GetCurrentRoundAsync_Word_DecodesAsUInt64()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(3_521).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new RoundsManagerClient(context, Rounds);

            Assert.That(await client.GetCurrentRoundAsync(), Is.EqualTo(3_521UL));
            Assert.That(Hex.Encode(node.Calls.Single()), Is.EqualTo("0x8a19c8bc"));
        }
    }

    [Test]
    public async Task GetBlockHashForRoundAsync_Round_EncodesRoundAndReturnsHash()
    {
        var hash = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(hash) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new RoundsManagerClient(context, Rounds);

            var result = await client.GetBlockHashForRoundAsync(3_500);

            Assert.That(result, Is.EqualTo(hash));
            Assert.That(Hex.Encode(node.Calls.Single()), Is.EqualTo(Hex.Encode(new Words().Selector("0x3aa4add4").Uint(3_500).ToArray())));
        }
    }

    [Test]
    public async Task InitializeRoundAsync_AlreadyInitialized_NamesContractFunctionAndReason()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.RevertsWith("round already initialized") };
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new RoundsManagerClient(context, Rounds);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.InitializeRoundAsync());

            Assert.That(ex!.Message, Is.EqualTo("RoundsManager.initializeRound reverted: round already initialized"));
        }
    }

    [Test]
    public void DecodeEvents_NewRound_DecodesRoundAndBlockHash()
    {
        var client = new RoundsManagerClient(new ContractNode().CreateContext(withSender: false).Context, Rounds);
        var newRound = AbiEvent.Parse("NewRound(uint256 indexed round, bytes32 blockHash)");
        var blockHash = Enumerable.Repeat((byte)0xcd, 32).ToArray();
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs = [TicketBrokerClientTests.Log(Rounds, [newRound.Topic0.ToArray(), new Words().Uint(3_522).ToArray()], blockHash)],
        };

        var round = (NewRoundEvent)client.DecodeEvents(receipt).Single();

        Assert.That(round.Round, Is.EqualTo(3_522UL));
        Assert.That(round.BlockHash, Is.EqualTo(blockHash));
    }

    [Test]
    public void DecodeEvents_RoundPast64Bits_IsSkippedNotThrown()
    {
        var client = new RoundsManagerClient(new ContractNode().CreateContext(withSender: false).Context, Rounds);
        var newRound = AbiEvent.Parse("NewRound(uint256 indexed round, bytes32 blockHash)");
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs = [TicketBrokerClientTests.Log(Rounds, [newRound.Topic0.ToArray(), new Words().Uint(BigInteger.One << 64).ToArray()], new byte[32])],
        };

        Assert.That(client.DecodeEvents(receipt), Is.Empty);
    }
}
