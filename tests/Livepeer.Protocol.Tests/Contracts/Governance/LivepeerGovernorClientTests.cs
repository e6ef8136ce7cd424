using System.Numerics;
using System.Text;

namespace Livepeer.Protocol.Tests.Contracts;

public sealed class LivepeerGovernorClientTests
{
    private static readonly EthAddress Governor = EthAddress.Parse("0xcFE4E2879B786C3aa075813F0E364bb5acCb6aa0");
    private static readonly EthAddress Token = EthAddress.Parse("0x289ba1701C2F088cf0faf8B3705246331cB8A839");
    private static readonly EthAddress Grantee = EthAddress.Parse("0x1111111111111111111111111111111111111111");
    private static readonly EthAddress Other = EthAddress.Parse("0x2222222222222222222222222222222222222222");

    private const string Description = "LIP-X: fund the grant\n\nPays 1000 LPT from the treasury.";

    private static byte[] TransferCall() => new Words().Selector("0xa9059cbb").Address(Grantee).Uint(Wei.FromEther(1000).Value).ToArray();

    private static GovernorProposal Proposal() => new([Token, Other], [Wei.Zero, new Wei(5)], [TransferCall(), []], Description);

    // abi.encode(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash), written out word by word.
    private static byte[] HandEncodedProposal(byte[] descriptionHash)
    {
        var call = TransferCall();
        return new Words()
            .Uint(0x80)                        // targets
            .Uint(0xe0)                        // values: after targets' length and 2 words
            .Uint(0x140)                       // calldatas: after values' length and 2 words
            .Raw(descriptionHash)              // static, in place
            .Uint(2).Address(Token).Address(Other)
            .Uint(2).Uint(0).Uint(5)
            .Uint(2).Uint(0x40).Uint(0x40 + 32 + 96)   // element offsets, relative to the first offset word
            .Bytes(call)                       // 68 bytes: length word and 3 words
            .Bytes([])
            .ToArray();
    }

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(LivepeerGovernorClient), new Dictionary<string, string>
        {
            ["cancel(address[],uint256[],bytes[],bytes32)"] = "0x452115d6",
            ["castVote(uint256,uint8)"] = "0x56781388",
            ["castVoteWithReason(uint256,uint8,string)"] = "0x7b3c71d3",
            ["clock()"] = "0x91ddadf4",
            ["execute(address[],uint256[],bytes[],bytes32)"] = "0x2656227d",
            ["getVotes(address,uint256)"] = "0xeb9019d4",
            ["hashProposal(address[],uint256[],bytes[],bytes32)"] = "0xc59057e4",
            ["hasVoted(uint256,address)"] = "0x43859632",
            ["proposalDeadline(uint256)"] = "0xc01f9e37",
            ["proposalEta(uint256)"] = "0xab58fb8e",
            ["proposalProposer(uint256)"] = "0x143489d0",
            ["proposalSnapshot(uint256)"] = "0x2d63f693",
            ["proposalThreshold()"] = "0xb58131b0",
            ["proposalVotes(uint256)"] = "0x544ffc9c",
            ["propose(address[],uint256[],bytes[],string)"] = "0x7d5e81e2",
            ["queue(address[],uint256[],bytes[],bytes32)"] = "0x160cbed7",
            ["quorum(uint256)"] = "0xf8ce560a",
            ["quorumNumerator()"] = "0xa7713a70",
            ["quota()"] = "0xcebe09c9",
            ["state(uint256)"] = "0x3e4f49e6",
            ["timelock()"] = "0xd33219b4",
            ["votes()"] = "0xe168c3ec",
            ["votingDelay()"] = "0x3932abb1",
            ["votingPeriod()"] = "0x02a251a3",
        });
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("LivepeerGovernor", LivepeerGovernorClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["ProposalCanceled(uint256)"] = "0x789cf55be980739dad1d0699b93b58e806b51c9d96619bfa8fe0a28abaa7b30c",
            ["ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)"] = "0x7d84a6263ae0d98d3329bd7b46bb4e8d6f98cd35a7adb45c274c8b7fd5ebd5e0",
            ["ProposalExecuted(uint256)"] = "0x712ae1383f79ac853f8d882153778e0260ef8f03b504e2866e0593e04d2b291f",
            ["ProposalQueued(uint256,uint256)"] = "0x9a2e42fd6722813d69113e7d0079d3d940171428df7373df9c7f7617cfda2892",
            ["VoteCast(address,uint256,uint8,uint256,string)"] = "0xb8e138887d0aa13bab447e82de9d5c1777041ecd21ca36ba824ff1e6c07ddda4",
            ["VoteCastWithParams(address,uint256,uint8,uint256,string,bytes)"] = "0xe2babfbac5889a709b63bb7f598b324e08bc5a4fb9ec647fb3cbc9ec07eb8712",
        });
    }

    [Test]
    public void Errors_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertErrors("LivepeerGovernor", LivepeerGovernorClient.Errors, new Dictionary<string, string>
        {
            ["Empty()"] = "0x3db2a12a",
            ["InvalidVoteType(uint8)"] = "0x2081b223",
            ["VoteAlreadyCast()"] = "0xb3808bab",
        });
    }

    [Test]
    public void HashDescription_Utf8Text_IsKeccakOfItsBytes()
    {
        var description = "Grant for caf\u00e9 \u2615";

        Assert.That(GovernorProposal.HashDescription(description), Is.EqualTo(Keccak256.Hash(Encoding.UTF8.GetBytes(description))));
        Assert.That(Hex.Encode(GovernorProposal.HashDescription("")), Is.EqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    }

    [Test]
    public void ComputeProposalId_TwoCalls_IsKeccakOfTheHandBuiltEncoding()
    {
        var proposal = Proposal();
        var expected = Uint256.ReadUnsigned(Keccak256.Hash(HandEncodedProposal(Keccak256.Hash(Encoding.UTF8.GetBytes(Description)))));

        Assert.That(LivepeerGovernorClient.ComputeProposalId(proposal.Targets, proposal.Values, proposal.Calldatas, proposal.DescriptionHash), Is.EqualTo(expected));
        Assert.That(proposal.Id, Is.EqualTo(expected));
    }

    [Test]
    public void ComputeProposalId_DescriptionChangedByOneCharacter_ChangesTheId()
    {
        var proposal = Proposal();

        Assert.That((proposal with { Description = Description + " " }).Id, Is.Not.EqualTo(proposal.Id));
    }

    [Test]
    public async Task HashProposalAsync_SameArguments_AsTheLocalHelperHashes()
    {
        var proposal = Proposal();
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(Uint256.ToPadded(proposal.Id)) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            var id = await client.HashProposalAsync(proposal);

            var call = node.Calls.Single();
            Assert.That(Hex.Encode(call.AsSpan(0, 4)), Is.EqualTo("0xc59057e4"));
            Assert.That(Hex.Encode(call.AsSpan(4)), Is.EqualTo(Hex.Encode(HandEncodedProposal(proposal.DescriptionHash))));
            Assert.That(id, Is.EqualTo(proposal.Id));
        }
    }

    [Test]
    public async Task ProposeAsync_TwoCalls_SendsTheHandBuiltEncoding()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            await client.ProposeAsync(Proposal());

            var call = TransferCall();
            var expected = new Words()
                .Selector("0x7d5e81e2")
                .Uint(0x80).Uint(0xe0).Uint(0x140)
                .Uint(0x140 + 32 + 64 + 128 + 32)      // description: after calldatas' length, 2 offsets, 68-byte element and empty element
                .Uint(2).Address(Token).Address(Other)
                .Uint(2).Uint(0).Uint(5)
                .Uint(2).Uint(0x40).Uint(0xc0)
                .Bytes(call)
                .Bytes([])
                .Bytes(Encoding.UTF8.GetBytes(Description))
                .ToArray();
            Assert.That(Hex.Encode(node.SentData), Is.EqualTo(Hex.Encode(expected)));
        }
    }

    [Test]
    public async Task ExecuteAsync_ValuesInCalls_SendsTheirSumAndTheDescriptionHash()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);
            var proposal = Proposal();

            await client.ExecuteAsync(proposal);

            var sent = node.Sent.Single();
            Assert.That(sent.Value, Is.EqualTo(new Wei(5)));
            Assert.That(Hex.Encode(sent.Data.Span[..4]), Is.EqualTo("0x2656227d"));
            Assert.That(Hex.Encode(sent.Data.Span[4..]), Is.EqualTo(Hex.Encode(HandEncodedProposal(proposal.DescriptionHash))));
        }
    }

    [Test]
    public async Task CastVoteAsync_For_EncodesSupportAsUint8()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            await client.CastVoteAsync(123, VoteSupport.For);

            Assert.That(Hex.Encode(node.SentData), Is.EqualTo(Hex.Encode(new Words().Selector("0x56781388").Uint(123).Uint(1).ToArray())));
        }
    }

    [Test]
    public async Task CastVoteAsync_SecondVote_DecodesTheCustomErrorByName()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Reverts(Hex.Decode("0xb3808bab")) };
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.CastVoteAsync(123, VoteSupport.Against));

            Assert.That(ex!.Kind, Is.EqualTo(RevertKind.Custom));
            Assert.That(ex.ErrorName, Is.EqualTo("VoteAlreadyCast"));
            Assert.That(ex.Message, Does.StartWith("LivepeerGovernor.castVote reverted: ").And.Contain("VoteAlreadyCast()"));
        }
    }

    [Test]
    public async Task CastVoteAsync_InvalidVoteType_DecodesTheErrorArgument()
    {
        var invalid = AbiError.Parse("InvalidVoteType(uint8)").Encode(3);
        var node = new ContractNode { OnCall = _ => CallOutcome.Reverts(invalid) };
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.CastVoteAsync(123, (VoteSupport)3));

            Assert.That(ex!.ErrorName, Is.EqualTo("InvalidVoteType"));
            Assert.That(ex.ErrorArguments, Is.EqualTo(new object[] { new BigInteger(3) }));
        }
    }

    [Test]
    public async Task GetStateAsync_UnknownProposal_NamesContractFunctionAndReason()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.RevertsWith("Governor: unknown proposal id") };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.GetStateAsync(1));

            Assert.That(ex!.Message, Is.EqualTo("LivepeerGovernor.state reverted: Governor: unknown proposal id"));
        }
    }

    [TestCase(0, ProposalState.Pending)]
    [TestCase(4, ProposalState.Succeeded)]
    [TestCase(7, ProposalState.Executed)]
    public async Task GetStateAsync_Uint8_MapsToTheEnum(int value, ProposalState expected)
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(value).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            Assert.That(await client.GetStateAsync(1), Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task GetStateAsync_ValueBeyondTheEnum_ThrowsContractCallException()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(8).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            var ex = await Assert.ThrowsAsync<ContractCallException>(() => client.GetStateAsync(1));

            Assert.That(ex!.FunctionName, Is.EqualTo("state"));
        }
    }

    [Test]
    public async Task GetProposalVotesAsync_ThreeWords_DecodesAgainstForAbstain()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(10).Uint(20).Uint(30).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);

            Assert.That(await client.GetProposalVotesAsync(1), Is.EqualTo(new ProposalVotes(new Wei(10), new Wei(20), new Wei(30))));
        }
    }

    [Test]
    public async Task GetProposalEtaAsync_ZeroAndTime_MapToNullAndTheTime()
    {
        var eta = new BigInteger(1_700_000_000);
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(eta).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerGovernorClient(context, Governor);
            Assert.That(await client.GetProposalEtaAsync(1), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));

            eta = 0;
            Assert.That(await client.GetProposalEtaAsync(1), Is.Null);
        }
    }

    [Test]
    public void DecodeEvents_ProposalCreated_GivesBackTheProposalAndItsId()
    {
        var client = new LivepeerGovernorClient(new ContractNode().CreateContext(withSender: false).Context, Governor);
        var proposal = Proposal();
        var created = AbiEvent.Parse("ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)");
        var data = AbiCodec.Encode(created.Inputs, [proposal.Id, Grantee, proposal.Targets, proposal.Values, new[] { "", "" }, proposal.Calldatas, new BigInteger(3_600), new BigInteger(3_610), Description]);
        var receipt = new TransactionReceipt { TransactionHash = "0x01", Logs = [TicketBrokerClientTests.Log(Governor, [created.Topic0.ToArray()], data)] };

        var decoded = (ProposalCreatedEvent)client.DecodeEvents(receipt).Single();

        Assert.That(decoded.ProposalId, Is.EqualTo(proposal.Id));
        Assert.That((decoded.VoteStart, decoded.VoteEnd), Is.EqualTo((3_600UL, 3_610UL)));
        Assert.That(decoded.Signatures, Is.EqualTo(new[] { "", "" }));
        Assert.That(decoded.ToProposal().Id, Is.EqualTo(proposal.Id));
        Assert.That(decoded.Values, Is.EqualTo(proposal.Values));
    }

    [Test]
    public void DecodeEvents_VoteCastAndQueued_DecodeSupportWeightAndEta()
    {
        var client = new LivepeerGovernorClient(new ContractNode().CreateContext(withSender: false).Context, Governor);
        var voteCast = AbiEvent.Parse("VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)");
        var queued = AbiEvent.Parse("ProposalQueued(uint256 proposalId, uint256 eta)");
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs =
            [
                TicketBrokerClientTests.Log(Governor, [voteCast.Topic0.ToArray(), TicketBrokerClientTests.Topic(Grantee)],
                    AbiCodec.Encode([AbiType.UInt256, AbiType.UInt(8), AbiType.UInt256, AbiType.String], [new BigInteger(9), new BigInteger(2), new BigInteger(500), "why not"])),
                TicketBrokerClientTests.Log(Governor, [queued.Topic0.ToArray()], new Words().Uint(9).Uint(1_700_000_000).ToArray()),
            ],
        };

        var events = client.DecodeEvents(receipt);

        var vote = (VoteCastEvent)events[0];
        Assert.That((vote.Voter, vote.ProposalId, vote.Support, vote.Weight, vote.Reason), Is.EqualTo((Grantee, new BigInteger(9), VoteSupport.Abstain, new Wei(500), "why not")));
        Assert.That(((ProposalQueuedEvent)events[1]).Eta, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
    }
}
