namespace Livepeer.Protocol.Tests.Contracts;

public sealed class LivepeerTokenClientTests
{
    private static readonly EthAddress Token = EthAddress.Parse("0x289ba1701C2F088cf0faf8B3705246331cB8A839");
    private static readonly EthAddress BondingManager = EthAddress.Parse("0x35Bcf3c30594191d53231E4FF333E8A770453e40");
    private static readonly EthAddress Alice = EthAddress.Parse("0x1111111111111111111111111111111111111111");

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(LivepeerTokenClient), new Dictionary<string, string>
        {
            ["allowance(address,address)"] = "0xdd62ed3e",
            ["approve(address,uint256)"] = "0x095ea7b3",
            ["balanceOf(address)"] = "0x70a08231",
            ["decimals()"] = "0x313ce567",
            ["name()"] = "0x06fdde03",
            ["symbol()"] = "0x95d89b41",
            ["totalSupply()"] = "0x18160ddd",
            ["transfer(address,uint256)"] = "0xa9059cbb",
            ["transferFrom(address,address,uint256)"] = "0x23b872dd",
        });
    }

    [Test]
    [Category("Chain")]
    public void Declarations_AgainstTheGenuineArtifact_AllPresentWithTheSameShape()
    {
        AbiTables.AssertInArtifact(typeof(LivepeerTokenClient), LivepeerTokenClient.EventCatalog.Events, "LivepeerToken");
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("LivepeerToken", LivepeerTokenClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["Approval(address,address,uint256)"] = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925",
            ["Transfer(address,address,uint256)"] = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
        });
    }

    [Test]
    public async Task ApproveAsync_BondingManager_SendsSpenderAndAmount()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new LivepeerTokenClient(context, Token);

            await client.ApproveAsync(BondingManager, Wei.FromEther(100));

            var expected = new Words().Selector("0x095ea7b3").Address(BondingManager).Uint(Wei.FromEther(100).Value).ToArray();
            Assert.That(Hex.Encode(node.SentData), Is.EqualTo(Hex.Encode(expected)));
            Assert.That(node.Sent.Single().To, Is.EqualTo(Token));
        }
    }

    [Test]
    public async Task BalanceOfAsync_Word_IsWei()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(Wei.FromEther(70).Value).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerTokenClient(context, Token);

            Assert.That(await client.BalanceOfAsync(Alice), Is.EqualTo(Wei.FromEther(70)));
        }
    }

    [Test]
    public async Task GetDecimalsAsync_Uint8_IsByte()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(18).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new LivepeerTokenClient(context, Token);

            Assert.That(await client.GetDecimalsAsync(), Is.EqualTo((byte)18));
        }
    }

    [Test]
    public async Task TransferAsync_BeyondBalance_NamesContractFunctionAndReason()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.RevertsWith("ERC20: transfer amount exceeds balance") };
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new LivepeerTokenClient(context, Token);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.TransferAsync(Alice, new Wei(1)));

            Assert.That(ex!.Message, Is.EqualTo("LivepeerToken.transfer reverted: ERC20: transfer amount exceeds balance"));
        }
    }

    [Test]
    public void DecodeEvents_TransferAndApproval_DecodeInOrder()
    {
        var client = new LivepeerTokenClient(new ContractNode().CreateContext(withSender: false).Context, Token);
        var transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");
        var approval = AbiEvent.Parse("Approval(address indexed owner, address indexed spender, uint256 value)");
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs =
            [
                TicketBrokerClientTests.Log(Token, [approval.Topic0.ToArray(), TicketBrokerClientTests.Topic(Alice), TicketBrokerClientTests.Topic(BondingManager)], new Words().Uint(5).ToArray()),
                TicketBrokerClientTests.Log(Token, [transfer.Topic0.ToArray(), TicketBrokerClientTests.Topic(Alice), TicketBrokerClientTests.Topic(BondingManager)], new Words().Uint(3).ToArray()),
            ],
        };

        var events = client.DecodeEvents(receipt);

        Assert.That(events[0], Is.EqualTo(new ApprovalEvent(Alice, BondingManager, new Wei(5)) { Log = receipt.Logs[0] }));
        Assert.That(events[1], Is.EqualTo(new TransferEvent(Alice, BondingManager, new Wei(3)) { Log = receipt.Logs[1] }));
    }
}
