using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts;

public sealed class MinterClientTests
{
    private static readonly EthAddress Minter = EthAddress.Parse("0xc20DE37170B45774e6CD3d2304017fc962f27252");

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(MinterClient), new Dictionary<string, string>
        {
            ["currentMintableTokens()"] = "0x9ae6309a",
            ["currentMintedTokens()"] = "0x2de22cdb",
            ["getGlobalTotalSupply()"] = "0x5507442d",
            ["inflation()"] = "0xbe0522e0",
            ["inflationChange()"] = "0xa7c83514",
            ["targetBondingRate()"] = "0x821b771f",
        });
    }

    [Test]
    [Category("Chain")]
    public void Declarations_AgainstTheGenuineArtifact_AllPresentWithTheSameShape()
    {
        AbiTables.AssertInArtifact(typeof(MinterClient), MinterClient.EventCatalog.Events, "Minter");
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("Minter", MinterClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["SetCurrentRewardTokens(uint256,uint256)"] = "0x39567a366345edf17f50c1967a31b597745186c4632f34c4f8ebe06b6890784d",
        });
    }

    [Test]
    public async Task GetInflationAsync_ConfiguredValue_IsOnTheBillionBase()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(218_500).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new MinterClient(context, Minter);

            var inflation = await client.GetInflationAsync();

            Assert.That(inflation, Is.EqualTo(new BigInteger(218_500)));
            Assert.That((double)inflation / MinterClient.PercDivisor * 100, Is.EqualTo(0.02185).Within(1e-12), "percent per round");
        }
    }

    [Test]
    public async Task GetCurrentMintableTokensAsync_Word_IsLptInWei()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(new Words().Uint(Wei.FromEther(12_345.5m).Value).ToArray()) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new MinterClient(context, Minter);

            Assert.That(await client.GetCurrentMintableTokensAsync(), Is.EqualTo(Wei.FromEther(12_345.5m)));
            Assert.That(Hex.Encode(node.Calls.Single()), Is.EqualTo("0x9ae6309a"));
        }
    }

    [Test]
    public void DecodeEvents_SetCurrentRewardTokens_DecodesBoth()
    {
        var client = new MinterClient(new ContractNode().CreateContext(withSender: false).Context, Minter);
        var set = AbiEvent.Parse("SetCurrentRewardTokens(uint256 currentMintableTokens, uint256 currentInflation)");
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs = [TicketBrokerClientTests.Log(Minter, [set.Topic0.ToArray()], new Words().Uint(777).Uint(219_000).ToArray())],
        };

        var decoded = (SetCurrentRewardTokensEvent)client.DecodeEvents(receipt).Single();

        Assert.That((decoded.CurrentMintableTokens, decoded.CurrentInflation), Is.EqualTo((new Wei(777), new BigInteger(219_000))));
    }
}
