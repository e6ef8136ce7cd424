using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts;

public sealed class TicketBrokerClientTests
{
    private static readonly EthAddress Broker = EthAddress.Parse("0xa8bB618B1520E284046F3dFc448851A1Ff26e41B");
    private static readonly EthAddress Recipient = EthAddress.Parse("0x1111111111111111111111111111111111111111");
    private static readonly EthAddress Sender = EthAddress.Parse("0x2222222222222222222222222222222222222222");

    // The reference's §7.8 vector.
    private static readonly BigInteger WinProb = BigInteger.Parse("004189374bc6a7ef9db22d0e5604189374bc6a7ef9db22d0e5604189374bc6a7", System.Globalization.NumberStyles.HexNumber);
    private const string RandHashHex = "0xf395757e0d74803aae4e8adb875451d99622e911b61c64e044e0bd16a16f18cd";
    private const string AuxDataHex = "0x0000000000000000000000000000000000000000000000000000000000000dacabababababababababababababababababababababababababababababababab";
    private const string SignatureHex = "0xec2386ecde258b32fe599dc6582de2c596aed75d908891f71a830808b0a844e5083bd8207c71fe6cbb278e0814a39f12fd8ce6635aba91be856b71e01b553e651b";

    private static Ticket VectorTicket() => new(Recipient, Sender, new Wei(1_000_000_000_000_000), WinProb, 7, Hex.Decode(RandHashHex), Hex.Decode(AuxDataHex));

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(TicketBrokerClient), new Dictionary<string, string>
        {
            ["batchRedeemWinningTickets((address,address,uint256,uint256,uint256,bytes32,bytes)[],bytes[],uint256[])"] = "0xd01b808e",
            ["cancelUnlock()"] = "0xc2c4c2c8",
            ["claimableReserve(address,address)"] = "0x81779f38",
            ["claimedReserve(address,address)"] = "0x4ac826da",
            ["fundDeposit()"] = "0x6caa736b",
            ["fundDepositAndReserve(uint256,uint256)"] = "0x511f4073",
            ["fundDepositAndReserveFor(address,uint256,uint256)"] = "0x989f789c",
            ["fundReserve()"] = "0x6f9c3c8f",
            ["getReserveInfo(address)"] = "0x5b6333eb",
            ["getSenderInfo(address)"] = "0xe1a589da",
            ["getTicketHash((address,address,uint256,uint256,uint256,bytes32,bytes))"] = "0xb03fa864",
            ["isUnlockInProgress(address)"] = "0x121cdcc2",
            ["redeemWinningTicket((address,address,uint256,uint256,uint256,bytes32,bytes),bytes,uint256)"] = "0xec8b3cb6",
            ["ticketValidityPeriod()"] = "0x856a2cf8",
            ["unlock()"] = "0xa69df4b5",
            ["unlockPeriod()"] = "0x20d3a0b4",
            ["usedTickets(bytes32)"] = "0x59a515ba",
            ["withdraw()"] = "0x3ccfd60b",
        });
    }

    [Test]
    [Category("Chain")]
    public void Declarations_AgainstTheGenuineArtifact_AllPresentWithTheSameShape()
    {
        AbiTables.AssertInArtifact(typeof(TicketBrokerClient), TicketBrokerClient.EventCatalog.Events, "TicketBroker");
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("TicketBroker", TicketBrokerClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["DepositFunded(address,uint256)"] = "0x5159e237d952190e68d5215430f305831be7c9c8776d1377c76679ae4773413f",
            ["ReserveClaimed(address,address,uint256)"] = "0x5c2b394723f408a40a60335e24b71829642e35f350cebe2036a96a66e895ea98",
            ["ReserveFunded(address,uint256)"] = "0xb52b99b9e83551fcbd069b559cc3e823e2a1a3bad8ece46561ea77524394c850",
            ["Unlock(address,uint256,uint256)"] = "0xf7870c5b224cbc19873599e46ccfc7103934650509b1af0c3ce90138377c2004",
            ["UnlockCancelled(address)"] = "0xfa044b7b93a40365dc68049797c2eb06918523d694e5d56e406cac3eb35578e5",
            ["WinningTicketRedeemed(address,address,uint256,uint256,uint256,uint256,bytes)"] = "0xc389eb51ed006dbf2528507f010efdf5225ea596e1e1741d74f550dab1925ee7",
            ["WinningTicketTransfer(address,address,uint256)"] = "0x8b87351a208c06e3ceee59d80725fd77a23b4129e1b51ca231fc89b40712649c",
            ["Withdrawal(address,uint256,uint256)"] = "0xdf273cb619d95419a9cd0ec88123a0538c85064229baa6363788f743fff90deb",
        });
    }

    [Test]
    [Category("Vectors")]
    public void ComputeHash_ReferenceVector_MatchesTicketHash()
    {
        var ticket = VectorTicket();

        Assert.Multiple(() =>
        {
            Assert.That(Hex.Encode(Ticket.HashRecipientRand(123456789)), Is.EqualTo(RandHashHex));
            Assert.That(Hex.Encode(Ticket.CreateAuxData(3500, Enumerable.Repeat((byte)0xab, 32).ToArray())), Is.EqualTo(AuxDataHex));
            Assert.That(Hex.Encode(ticket.ComputeHash()), Is.EqualTo("0x37f3944ee8f0dc666cfcf929596aad05dc7e6e87c3e8da2f5f9fac94d00f661d"));
            Assert.That(Hex.Encode(Eip191.HashMessage(ticket.ComputeHash())), Is.EqualTo("0x631b83a7d1d7460fe68c4dac15f0d2c3c05c0f27c68321bf5f30047617bb90b0"));
        });
    }

    [Test]
    [Category("Vectors")]
    public async Task ComputeHash_SignedWithKeyOne_GivesTheReferenceSignature()
    {
        var signer = PrivateKeySigner.FromHex("0x" + new string('0', 63) + "1");

        var signature = await Eip191.SignMessageAsync(signer, VectorTicket().ComputeHash());

        Assert.That(signer.Address, Is.EqualTo(EthAddress.Parse("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")));
        Assert.That(signature.ToString(), Is.EqualTo(SignatureHex));
    }

    [Test]
    public void CreateAuxData_BlockHashNot32Bytes_Throws()
    {
        Assert.That(() => Ticket.CreateAuxData(1, new byte[31]), Throws.ArgumentException);
    }

    [Test]
    public void Equals_SameBytesInOtherArrays_IsEqual()
    {
        var a = VectorTicket();
        var b = VectorTicket();
        var c = b with { AuxData = Ticket.CreateAuxData(3501, new byte[32]) };

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public async Task RedeemWinningTicketAsync_VectorTicket_SendsTheHandBuiltEncoding()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);
            var signature = EthSignature.Parse(SignatureHex);

            await client.RedeemWinningTicketAsync(new WinningTicket(VectorTicket(), signature, 123456789));

            var sig = Hex.Decode(SignatureHex);
            var expected = new Words()
                .Selector("0xec8b3cb6")
                .Uint(0x60)                   // offset of the ticket tuple
                .Uint(0x60 + 10 * 32)         // offset of the signature: after the ticket's 7 head words, length and 2 words of auxData
                .Uint(123456789)
                .Address(Recipient)
                .Address(Sender)
                .Uint(1_000_000_000_000_000)
                .Uint(WinProb)
                .Uint(7)
                .Raw(Hex.Decode(RandHashHex))
                .Uint(7 * 32)                 // offset of auxData inside the tuple
                .Bytes(Hex.Decode(AuxDataHex))
                .Bytes(sig)
                .ToArray();
            Assert.That(Hex.Encode(node.SentData), Is.EqualTo(Hex.Encode(expected)));
            Assert.That(node.Sent.Single().To, Is.EqualTo(Broker));
            Assert.That(node.Sent.Single().Value, Is.EqualTo(Wei.Zero));
        }
    }

    [Test]
    public async Task BatchRedeemWinningTicketsAsync_TwoTickets_EncodesParallelArrays()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);
            var first = new WinningTicket(VectorTicket(), EthSignature.Parse(SignatureHex), 123456789);
            var second = first with { Ticket = VectorTicket() with { SenderNonce = 8 }, RecipientRand = 5 };

            await client.BatchRedeemWinningTicketsAsync([first, second]);

            var data = node.SentData;
            Assert.That(Hex.Encode(data.AsSpan(0, 4)), Is.EqualTo("0xd01b808e"));
            var function = AbiFunction.Parse("batchRedeemWinningTickets((address,address,uint256,uint256,uint256,bytes32,bytes)[],bytes[],uint256[])");
            var args = function.DecodeCall(data);
            var tickets = (object?[])args[0]!;
            var sigs = (object?[])args[1]!;
            var rands = (object?[])args[2]!;
            Assert.That(tickets, Has.Length.EqualTo(2));
            Assert.That(sigs, Has.Length.EqualTo(2));
            Assert.That(rands, Is.EqualTo(new object[] { new BigInteger(123456789), new BigInteger(5) }));
            Assert.That(((object?[])tickets[1]!)[4], Is.EqualTo(new BigInteger(8)));
            Assert.That(Hex.Encode((byte[])sigs[0]!), Is.EqualTo(SignatureHex));
        }
    }

    [Test]
    public async Task FundDepositAndReserveAsync_SendsTheSumAsValue()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);

            await client.FundDepositAndReserveAsync(new Wei(300), new Wei(700));

            var sent = node.Sent.Single();
            Assert.That(sent.Value, Is.EqualTo(new Wei(1000)));
            Assert.That(Hex.Encode(sent.Data.Span), Is.EqualTo(Hex.Encode(new Words().Selector("0x511f4073").Uint(300).Uint(700).ToArray())));
        }
    }

    [Test]
    public async Task GetSenderInfoAsync_FourWords_DecodesDepositUnlockAndReserve()
    {
        var node = new ContractNode
        {
            OnCall = _ => CallOutcome.Returns(new Words().Uint(5_000).Uint(42).Uint(9_000).Uint(1_000).ToArray()),
        };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);

            var info = await client.GetSenderInfoAsync(Sender);

            Assert.That(info, Is.EqualTo(new SenderInfo(new Wei(5_000), 42, new ReserveInfo(new Wei(9_000), new Wei(1_000)))));
            Assert.That(info.IsUnlocking, Is.True);
            Assert.That(Hex.Encode(node.Calls.Single()), Is.EqualTo(Hex.Encode(new Words().Selector("0xe1a589da").Address(Sender).ToArray())));
        }
    }

    [Test]
    public async Task GetTicketHashAsync_SendsTheTicketTupleAndReturnsTheHash()
    {
        var hash = Hex.Decode("0x37f3944ee8f0dc666cfcf929596aad05dc7e6e87c3e8da2f5f9fac94d00f661d");
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(hash) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);

            var result = await client.GetTicketHashAsync(VectorTicket());

            Assert.That(result, Is.EqualTo(hash));
            var call = node.Calls.Single();
            Assert.That(Hex.Encode(call.AsSpan(0, 4)), Is.EqualTo("0xb03fa864"));
            Assert.That(new BigInteger(call.AsSpan(4, 32), isUnsigned: true, isBigEndian: true), Is.EqualTo(new BigInteger(0x20)), "the dynamic tuple is reached through an offset");
        }
    }

    [Test]
    public async Task RedeemWinningTicketAsync_ContractRefuses_NamesContractFunctionAndReason()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.RevertsWith("ticket did not win") };
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.RedeemWinningTicketAsync(VectorTicket(), EthSignature.Parse(SignatureHex), 123456789));

            Assert.That(ex!.Message, Is.EqualTo("TicketBroker.redeemWinningTicket reverted: ticket did not win"));
            Assert.That(ex.Reason, Is.EqualTo("ticket did not win"));
            Assert.That(ex.ContractName, Is.EqualTo("TicketBroker"));
            Assert.That(ex.FunctionName, Is.EqualTo("redeemWinningTicket"));
            Assert.That(node.Sent, Is.Empty);
        }
    }

    [Test]
    public async Task GetUnlockPeriodAsync_ValuePast64Bits_ThrowsContractCallException()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(BigInteger.One << 70).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);

            var ex = await Assert.ThrowsAsync<ContractCallException>(() => client.GetUnlockPeriodAsync());

            Assert.That(ex!.Message, Does.StartWith("TicketBroker.unlockPeriod returned"));
            Assert.That(ex.ErrorCode, Is.EqualTo(ProtocolErrorCode.ContractCallFailed));
        }
    }

    [Test]
    public async Task UnlockAsync_WithoutSigner_ThrowsNoSigner()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new TicketBrokerClient(context, Broker);

            var ex = await Assert.ThrowsAsync<ContractCallException>(() => client.UnlockAsync());

            Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.NoSigner));
        }
    }

    [Test]
    public void DecodeEvents_RedemptionReceipt_DecodesTransferAndRedeemedAndSkipsOtherContracts()
    {
        var client = new TicketBrokerClient(new ContractNode().CreateContext(withSender: false).Context, Broker);
        var transfer = AbiEvent.Parse("WinningTicketTransfer(address indexed sender, address indexed recipient, uint256 amount)");
        var redeemed = AbiEvent.Parse("WinningTicketRedeemed(address indexed sender, address indexed recipient, uint256 faceValue, uint256 winProb, uint256 senderNonce, uint256 recipientRand, bytes auxData)");
        var auxData = Hex.Decode(AuxDataHex);
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs =
            [
                Log(Broker, [transfer.Topic0.ToArray(), Topic(Sender), Topic(Recipient)], new Words().Uint(400).ToArray()),
                Log(Recipient, [transfer.Topic0.ToArray(), Topic(Sender), Topic(Recipient)], new Words().Uint(1).ToArray()),
                Log(Broker, [redeemed.Topic0.ToArray(), Topic(Sender), Topic(Recipient)],
                    AbiCodec.Encode([AbiType.UInt256, AbiType.UInt256, AbiType.UInt256, AbiType.UInt256, AbiType.Bytes], [new BigInteger(1000), WinProb, new BigInteger(7), new BigInteger(123456789), auxData])),
            ],
        };

        var events = client.DecodeEvents(receipt);

        Assert.That(events, Has.Count.EqualTo(2));
        Assert.That(events[0], Is.TypeOf<WinningTicketTransferEvent>());
        var paid = (WinningTicketTransferEvent)events[0];
        Assert.That((paid.Sender, paid.Recipient, paid.Amount), Is.EqualTo((Sender, Recipient, new Wei(400))));
        var redemption = (WinningTicketRedeemedEvent)events[1];
        Assert.That(redemption.RecipientRand, Is.EqualTo(new BigInteger(123456789)));
        Assert.That(redemption.WinProb, Is.EqualTo(WinProb));
        Assert.That(redemption.AuxData, Is.EqualTo(auxData));
        Assert.That(redemption.Log.Address, Is.EqualTo(Broker));
    }

    [Test]
    public void DecodeEvents_UnlockWithRounds_DecodesRoundsAsUInt64()
    {
        var client = new TicketBrokerClient(new ContractNode().CreateContext(withSender: false).Context, Broker);
        var unlock = AbiEvent.Parse("Unlock(address indexed sender, uint256 startRound, uint256 endRound)");
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs = [Log(Broker, [unlock.Topic0.ToArray(), Topic(Sender)], new Words().Uint(3500).Uint(3502).ToArray())],
        };

        var events = client.DecodeEvents(receipt);

        Assert.That(events.Single(), Is.EqualTo(new UnlockEvent(Sender, 3500, 3502) { Log = receipt.Logs[0] }));
    }

    internal static LogEntry Log(EthAddress address, byte[][] topics, byte[] data) => new() { Address = address, Topics = topics, Data = data };

    internal static byte[] Topic(EthAddress address) => new Words().Address(address).ToArray();
}
