using Google.Protobuf;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Network.Tests.Client;

public sealed class OrchestratorInfoMappingTests
{
    [Test]
    public void OrchestratorInfo_EveryField_RoundTripsThroughTheWire()
    {
        var info = ClientTestData.FullInfo("https://127.0.0.1:8935");

        var bytes = OrchestratorInfoMapping.ToWire(info).ToByteArray();
        var decoded = OrchestratorInfoMapping.FromWire(Wire.OrchestratorInfo.Parser.ParseFrom(bytes));

        Assert.That(decoded, Is.EqualTo(info));
        Assert.That(OrchestratorInfoMapping.ToWire(decoded).ToByteArray(), Is.EqualTo(bytes));
    }

    [Test]
    public void OrchestratorInfo_WireWithEveryField_ReencodesIdentically()
    {
        var wire = OrchestratorInfoMapping.ToWire(ClientTestData.FullInfo("https://o:8935"));
        var table = Wire.OrchestratorInfo.Descriptor.Fields.InDeclarationOrder();

        var reencoded = OrchestratorInfoMapping.ToWire(OrchestratorInfoMapping.FromWire(wire));

        Assert.That(reencoded, Is.EqualTo(wire));
        foreach (var field in table)
        {
            var value = field.Accessor.GetValue(wire);
            Assert.That(value is System.Collections.ICollection { Count: 0 } or null, Is.False, $"{field.Name} is not set by the sample");
        }
    }

    [Test]
    public void OrchestratorInfo_Empty_MapsToNullsAndBack()
    {
        var decoded = OrchestratorInfoMapping.FromWire(new Wire.OrchestratorInfo());

        Assert.That(decoded.Address, Is.Null);
        Assert.That(decoded.TicketParams, Is.Null);
        Assert.That(decoded.PriceInfo, Is.Null);
        Assert.That(decoded.AuthToken, Is.Null);
        Assert.That(decoded.Capabilities, Is.Null);
        Assert.That(decoded.ResultSigner, Is.Null);
        Assert.That(OrchestratorInfoMapping.ToWire(decoded).ToByteArray(), Is.Empty);
    }

    [Test]
    public void OrchestratorInfo_NoAddress_ResultSignerIsTicketRecipient()
    {
        var info = ClientTestData.FullInfo("https://o") with { Address = null };

        Assert.That(info.ResultSigner, Is.EqualTo(ClientTestData.OrchestratorAddress));
    }

    [Test]
    public void OrchestratorInfo_ShortAddress_InvalidField()
    {
        var wire = new Wire.OrchestratorInfo { Address = ByteString.CopyFrom(1, 2, 3) };

        var e = Assert.Throws<NetworkException>(() => OrchestratorInfoMapping.FromWire(wire));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }

    [Test]
    public void OrchestratorInfo_ToString_HidesTokenAndStorage()
    {
        var text = ClientTestData.FullInfo("https://o").ToString();

        Assert.That(text, Does.Contain("https://o"));
        Assert.That(text, Does.Not.Contain("0a1b2c3d").And.Not.Contain("signature").And.Not.Contain("credential"));
    }

    [Test]
    public void TranscodeResult_Data_RoundTrips()
    {
        var result = new SegmentTranscodeResult
        {
            Sequence = 7,
            Renditions = [new RenditionLocation("https://o/stream/s/P240p30fps16x9/7.ts", 2_211_840, "https://o/stream/s/P240p30fps16x9/7.bin"), new RenditionLocation("https://o/b", 1, string.Empty)],
            Signature = Enumerable.Range(0, 65).Select(i => (byte)i).ToArray(),
            Info = ClientTestData.FullInfo("https://o"),
        };

        var bytes = OrchestratorInfoMapping.ToWire(result).ToByteArray();
        var decoded = OrchestratorInfoMapping.FromWire(Wire.TranscodeResult.Parser.ParseFrom(bytes));

        Assert.That(decoded, Is.EqualTo(result));
        Assert.That(decoded.IsSuccess, Is.True);
        Assert.That(OrchestratorInfoMapping.ToWire(decoded).ToByteArray(), Is.EqualTo(bytes));
    }

    [Test]
    public void TranscodeResult_Error_RoundTripsAsOneofField2()
    {
        var result = new SegmentTranscodeResult { Sequence = 3, Error = "OrchestratorBusy" };

        var wire = OrchestratorInfoMapping.ToWire(result);
        var decoded = OrchestratorInfoMapping.FromWire(Wire.TranscodeResult.Parser.ParseFrom(wire.ToByteArray()));

        Assert.That(wire.ResultCase, Is.EqualTo(Wire.TranscodeResult.ResultOneofCase.Error));
        Assert.That(decoded, Is.EqualTo(result));
        Assert.That(decoded.IsSuccess, Is.False);
    }

    [Test]
    public void TranscodeResult_NeitherDataNorError_UnknownResponse()
    {
        var e = Assert.Throws<NetworkException>(() => OrchestratorInfoMapping.FromWire(new Wire.TranscodeResult { Seq = 1 }));

        Assert.That(e!.ErrorCode, Is.EqualTo(NetworkErrorCode.UnknownResponse));
        Assert.That(e.Message, Does.StartWith("UnknownResponse"));
    }

    [Test]
    public void PaymentResult_Info_RoundTrips()
    {
        var info = ClientTestData.FullInfo("https://o");

        var bytes = OrchestratorInfoMapping.ToPaymentResult(info).ToByteArray();

        Assert.That(OrchestratorInfoMapping.FromPaymentResult(Wire.PaymentResult.Parser.ParseFrom(bytes)), Is.EqualTo(info));
    }

    [Test]
    public void PaymentResult_NoInfo_UnknownResponse()
        => Assert.That(
            Assert.Throws<NetworkException>(() => OrchestratorInfoMapping.FromPaymentResult(new Wire.PaymentResult()))!.ErrorCode,
            Is.EqualTo(NetworkErrorCode.UnknownResponse));

    [Test]
    public void Hardware_GpuMap_RoundTrips()
    {
        var hardware = ClientTestData.FullInfo("https://o").Hardware[0];

        var wire = OrchestratorInfoMapping.ToWire(hardware);

        Assert.That(wire.GpuInfo["0"].MemoryTotal, Is.EqualTo(24L << 30));
        Assert.That(OrchestratorInfoMapping.FromWire(Wire.HardwareInformation.Parser.ParseFrom(wire.ToByteArray())), Is.EqualTo(hardware));
    }

    [Test]
    public void CapabilityPrice_CapabilityAndConstraint_UseFields3And4()
    {
        var info = new OrchestratorInfo { CapabilityPrices = [new CapabilityPrice(Capability.TextToImage, "m", new PixelPrice(5, 1))] };

        var price = OrchestratorInfoMapping.ToWire(info).CapabilitiesPrices.Single();

        Assert.That(Convert.ToHexStringLower(price.ToByteArray()), Is.EqualTo("08051001181b22016d"));
    }

    [Test]
    public void PriceInfo_OverInt64_Unrepresentable()
    {
        var info = new OrchestratorInfo { PriceInfo = new PixelPrice(System.Numerics.BigInteger.Pow(2, 64), 1) };

        Assert.That(Assert.Throws<NetworkException>(() => OrchestratorInfoMapping.ToWire(info))!.ErrorCode, Is.EqualTo(NetworkErrorCode.Unrepresentable));
    }

    [Test]
    public void NetworkErrorCode_ExistingValues_KeepTheirNumbers()
    {
        Assert.That((int)NetworkErrorCode.SegmentEncoding, Is.EqualTo(1));
        Assert.That((int)NetworkErrorCode.Unrepresentable, Is.EqualTo(14));
        Assert.That((int)NetworkErrorCode.RpcFailed, Is.EqualTo(15));
    }

    [TestCase(GrpcStatusCode.DeadlineExceeded, NetworkErrorCode.Timeout, true)]
    [TestCase(GrpcStatusCode.Unknown, NetworkErrorCode.RpcFailed, false)]
    [TestCase(GrpcStatusCode.Unavailable, NetworkErrorCode.RpcFailed, true)]
    public void GrpcCallException_Status_IsANetworkExceptionWithItsCode(GrpcStatusCode status, NetworkErrorCode code, bool transient)
    {
        NetworkException e = new GrpcCallException(status, "detail");

        Assert.That(e.ErrorCode, Is.EqualTo(code));
        Assert.That(e.IsTransient, Is.EqualTo(transient));
    }

    [TestCase(System.Net.HttpStatusCode.Forbidden, false)]
    [TestCase(System.Net.HttpStatusCode.InternalServerError, true)]
    public void HttpCallException_Status_CarriesDetailAndTransience(System.Net.HttpStatusCode status, bool transient)
    {
        var e = new HttpCallException(status, "OrchestratorCapped", new Uri("https://o:8935/segment?x=1"));

        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.HttpFailed));
        Assert.That(e.IsTransient, Is.EqualTo(transient));
        Assert.That(e.Message, Does.EndWith($"answered HTTP {(int)status}: OrchestratorCapped"));
    }
}
