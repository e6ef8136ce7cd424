using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts;

public sealed class TreasuryClientTests
{
    private static readonly EthAddress Treasury = EthAddress.Parse("0xf82C1FF415F1fCf582554fDba790E27019c8E8C4");
    private static readonly EthAddress Target = EthAddress.Parse("0x289ba1701C2F088cf0faf8B3705246331cB8A839");

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(TreasuryClient), new Dictionary<string, string>
        {
            ["cancel(bytes32)"] = "0xc4d252f5",
            ["execute(address,uint256,bytes,bytes32,bytes32)"] = "0x134008d3",
            ["executeBatch(address[],uint256[],bytes[],bytes32,bytes32)"] = "0xe38335e5",
            ["getMinDelay()"] = "0xf27a0c92",
            ["getTimestamp(bytes32)"] = "0xd45c4435",
            ["hashOperation(address,uint256,bytes,bytes32,bytes32)"] = "0x8065657f",
            ["hashOperationBatch(address[],uint256[],bytes[],bytes32,bytes32)"] = "0xb1c5f427",
            ["hasRole(bytes32,address)"] = "0x91d14854",
            ["isOperation(bytes32)"] = "0x31d50750",
            ["isOperationDone(bytes32)"] = "0x2ab0f529",
            ["isOperationPending(bytes32)"] = "0x584b153e",
            ["isOperationReady(bytes32)"] = "0x13bc9f20",
            ["schedule(address,uint256,bytes,bytes32,bytes32,uint256)"] = "0x01d5062a",
            ["scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)"] = "0x8f2a0bb0",
        });
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("Treasury", TreasuryClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["CallExecuted(bytes32,uint256,address,uint256,bytes)"] = "0xc2617efa69bab66782fa219543714338489c4e9e178271560a91b82c3f612b58",
            ["CallSalt(bytes32,bytes32)"] = "0x20fda5fd27a1ea7bf5b9567f143ac5470bb059374a27e8f67cb44f946f6d0387",
            ["CallScheduled(bytes32,uint256,address,uint256,bytes,bytes32,uint256)"] = "0x4cf4410cc57040e44862ef0f45f3dd5a5e02db8eb8add648d4b0e236f1d07dca",
            ["Cancelled(bytes32)"] = "0xbaa1eb22f2a492ba1a5fea61b8df4d27c6c8b5f3971e63bb58fa14ff72eedb70",
            ["MinDelayChange(uint256,uint256)"] = "0x11c24f4ead16507c69ac467fbd5e4eed5fb5c699626d2cc6d66421df253886d5",
        });
    }

    [Test]
    public void Roles_MatchTheReferenceTable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Encode(TreasuryClient.ProposerRole.Span), Is.EqualTo("0xb09aa5aeb3702cfd50b6b62bc4532604938f21248a27a1d5ca736082b6819cc1"));
            Assert.That(Hex.Encode(TreasuryClient.ExecutorRole.Span), Is.EqualTo("0xd8aa0f3194971a2a116679f7c2090f6939c8d4e01a2a8d7e41d55e5351469e63"));
            Assert.That(Hex.Encode(TreasuryClient.CancellerRole.Span), Is.EqualTo("0xfd643c72710c63c0180259aba6b2d05451e3591a24e58b62239378085726f783"));
            Assert.That(Hex.Encode(TreasuryClient.TimelockAdminRole.Span), Is.EqualTo("0x5f58e3a2316349923ce3780f8d587db2d72378aed66a8261c916544fa6846ca5"));
        });
    }

    [Test]
    public void ComputeOperationId_OneCall_IsKeccakOfTheHandBuiltEncoding()
    {
        var data = Hex.Decode("0xdeadbeef");
        var predecessor = new byte[32];
        var salt = Enumerable.Repeat((byte)7, 32).ToArray();
        var encoded = new Words().Address(Target).Uint(9).Uint(0xa0).Raw(predecessor).Raw(salt).Bytes(data).ToArray();

        Assert.That(TreasuryClient.ComputeOperationId(Target, new Wei(9), data, predecessor, salt), Is.EqualTo(Keccak256.Hash(encoded)));
    }

    [Test]
    public void TimelockOperationId_OfAProposal_IsTheBatchWithNoPredecessorAndTheDescriptionHashAsSalt()
    {
        var proposal = new GovernorProposal([Target], [Wei.Zero], [Hex.Decode("0xdeadbeef")], "grant");
        var encoded = new Words()
            .Uint(0xa0).Uint(0xe0).Uint(0x120)     // each one-element array takes a length word and one word
            .Raw(new byte[32])
            .Raw(proposal.DescriptionHash)
            .Uint(1).Address(Target)
            .Uint(1).Uint(0)
            .Uint(1).Uint(0x20).Bytes(Hex.Decode("0xdeadbeef"))
            .ToArray();

        Assert.That(proposal.TimelockOperationId, Is.EqualTo(Keccak256.Hash(encoded)));
    }

    [Test]
    public async Task ScheduleBatchAsync_FractionalDelay_RoundsUpToWholeSeconds()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new TreasuryClient(context, Treasury);
            var salt = Enumerable.Repeat((byte)1, 32).ToArray();

            await client.ScheduleBatchAsync([Target], [Wei.Zero], [[0x01]], new byte[32], salt, TimeSpan.FromSeconds(1.5));

            var args = AbiFunction.Parse("scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)").DecodeCall(node.SentData);
            Assert.That(args[5], Is.EqualTo(new BigInteger(2)));
            Assert.That(args[4], Is.EqualTo(salt));
        }
    }

    [Test]
    public async Task GetMinDelayAsync_Word_IsSeconds()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(172_800).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new TreasuryClient(context, Treasury);

            Assert.That(await client.GetMinDelayAsync(), Is.EqualTo(TimeSpan.FromDays(2)));
        }
    }

    [Test]
    public async Task IsOperationDoneAsync_Id_EncodesTheIdAndReadsTheBool()
    {
        var id = Enumerable.Repeat((byte)0x42, 32).ToArray();
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(1).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new TreasuryClient(context, Treasury);

            Assert.That(await client.IsOperationDoneAsync(id), Is.True);
            Assert.That(Hex.Encode(node.Calls.Single()), Is.EqualTo(Hex.Encode(new Words().Selector("0x2ab0f529").Raw(id).ToArray())));
        }
    }

    [Test]
    public void DecodeEvents_CallScheduled_DecodesIndexedIdAndDelay()
    {
        var client = new TreasuryClient(new ContractNode().CreateContext(withSender: false).Context, Treasury);
        var scheduled = AbiEvent.Parse("CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)");
        var id = Enumerable.Repeat((byte)0x42, 32).ToArray();
        var data = AbiCodec.Encode([AbiType.Address, AbiType.UInt256, AbiType.Bytes, AbiType.Bytes32, AbiType.UInt256], [Target, new BigInteger(0), new byte[] { 0xde, 0xad }, new byte[32], new BigInteger(3600)]);
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs = [TicketBrokerClientTests.Log(Treasury, [scheduled.Topic0.ToArray(), id, new Words().Uint(1).ToArray()], data)],
        };

        var decoded = (CallScheduledEvent)client.DecodeEvents(receipt).Single();

        Assert.That(decoded.Id, Is.EqualTo(id));
        Assert.That(decoded.Index, Is.EqualTo(BigInteger.One));
        Assert.That(decoded.Target, Is.EqualTo(Target));
        Assert.That(decoded.Data, Is.EqualTo(new byte[] { 0xde, 0xad }));
        Assert.That(decoded.Delay, Is.EqualTo(TimeSpan.FromHours(1)));
    }
}
