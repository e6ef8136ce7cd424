namespace Livepeer.Protocol.Tests.Contracts;

public sealed class ServiceRegistryClientTests
{
    private static readonly EthAddress Registry = EthAddress.Parse("0xC92d3A360b8f9e083bA64DE15d95Cf8180897431");
    private static readonly EthAddress Orchestrator = EthAddress.Parse("0x1111111111111111111111111111111111111111");

    [Test]
    public void Functions_AllSelectors_MatchTheReferenceTable()
    {
        AbiTables.AssertFunctions(typeof(ServiceRegistryClient), new Dictionary<string, string>
        {
            ["getServiceURI(address)"] = "0x214c2a4b",
            ["setServiceURI(string)"] = "0x5f11301b",
        });
    }

    [Test]
    [Category("Chain")]
    public void Declarations_AgainstTheGenuineArtifact_AllPresentWithTheSameShape()
    {
        AbiTables.AssertInArtifact(typeof(ServiceRegistryClient), ServiceRegistryClient.EventCatalog.Events, "ServiceRegistry");
    }

    [Test]
    public void Events_AllTopics_MatchTheReferenceTable()
    {
        AbiTables.AssertEvents("ServiceRegistry", ServiceRegistryClient.EventCatalog.Events, new Dictionary<string, string>
        {
            ["ServiceURIUpdate(address,string)"] = "0xfbb63068732c85741c9f8e61caffaabe038d577bfafd2d2dcc0e352a4f653a4c",
        });
    }

    [Test]
    public void ArbitrumOneAIServiceRegistry_IsTheDocumentedAddress()
    {
        Assert.That(ServiceRegistryClient.ArbitrumOneAIServiceRegistry.ToString(), Is.EqualTo("0x04C0b249740175999E5BF5c9ac1dA92431EF34C5"));
    }

    [Test]
    public async Task GetServiceUriAsync_StringResult_Decodes()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.Returns(AbiCodec.Encode([AbiType.String], ["https://orch.example:8935"])) };
        var (context, http) = node.CreateContext(withSender: false);
        using (http)
        {
            var client = new ServiceRegistryClient(context, Registry);

            Assert.That(await client.GetServiceUriAsync(Orchestrator), Is.EqualTo("https://orch.example:8935"));
            Assert.That(client.ContractName, Is.EqualTo("ServiceRegistry"));
            Assert.That(Hex.Encode(node.Calls.Single()), Is.EqualTo(Hex.Encode(new Words().Selector("0x214c2a4b").Address(Orchestrator).ToArray())));
        }
    }

    [Test]
    public async Task SetServiceUriAsync_AIRegistryRefuses_NamesTheAIRegistry()
    {
        var node = new ContractNode { OnCall = _ => CallOutcome.RevertsWith("boom") };
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new ServiceRegistryClient(context, ServiceRegistryClient.ArbitrumOneAIServiceRegistry, ServiceRegistryClient.AIServiceRegistryName);

            var ex = await Assert.ThrowsAsync<ContractRevertException>(() => client.SetServiceUriAsync("https://ai.example:8935"));

            Assert.That(ex!.Message, Is.EqualTo("AIServiceRegistry.setServiceURI reverted: boom"));
        }
    }

    [Test]
    public async Task SetServiceUriAsync_Uri_SendsTheStringEncoding()
    {
        var node = new ContractNode();
        var (context, http) = node.CreateContext();
        using (http)
        {
            var client = new ServiceRegistryClient(context, Registry);

            await client.SetServiceUriAsync("https://orch.example:8935");

            var expected = new Words().Selector("0x5f11301b").Uint(0x20).Bytes("https://orch.example:8935"u8.ToArray()).ToArray();
            Assert.That(Hex.Encode(node.SentData), Is.EqualTo(Hex.Encode(expected)));
        }
    }

    [Test]
    public void DecodeEvents_ServiceUriUpdate_DecodesAddressAndUri()
    {
        var client = new ServiceRegistryClient(new ContractNode().CreateContext(withSender: false).Context, Registry);
        var update = AbiEvent.Parse("ServiceURIUpdate(address indexed addr, string serviceURI)");
        var receipt = new TransactionReceipt
        {
            TransactionHash = "0x01",
            Logs = [TicketBrokerClientTests.Log(Registry, [update.Topic0.ToArray(), TicketBrokerClientTests.Topic(Orchestrator)], AbiCodec.Encode([AbiType.String], ["https://o:1"]))],
        };

        var decoded = (ServiceUriUpdateEvent)client.DecodeEvents(receipt).Single();

        Assert.That((decoded.Address, decoded.ServiceUri), Is.EqualTo((Orchestrator, "https://o:1")));
    }
}
