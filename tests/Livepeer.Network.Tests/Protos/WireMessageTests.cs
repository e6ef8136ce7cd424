using Google.Protobuf;
using Google.Protobuf.Reflection;
using Livepeer.Network.Wire;

namespace Livepeer.Network.Tests.Protos;

[Category("Vectors")]
public sealed class WireMessageTests
{
    private static readonly string[] ExpectedMessages =
    [
        "net.PingPong", "net.EndTranscodingSessionRequest", "net.EndTranscodingSessionResponse", "net.OrchestratorRequest",
        "net.OSInfo", "net.S3OSInfo", "net.PriceInfo", "net.Capabilities", "net.Capabilities.Constraints",
        "net.Capabilities.CapabilityConstraints", "net.Capabilities.CapabilityConstraints.ModelConstraint",
        "net.OrchestratorInfo", "net.AuthToken", "net.SegData", "net.SegParameters", "net.VideoProfile",
        "net.TranscodedSegmentData", "net.TranscodeData", "net.TranscodeResult", "net.PaymentResult", "net.RegisterRequest",
        "net.NotifySegment", "net.RegisterAIWorkerRequest", "net.AIJobData", "net.NotifyAIJob", "net.TicketParams",
        "net.TicketSenderParams", "net.TicketExpirationParams", "net.Payment", "net.GPUComputeInfo", "net.HardwareInformation",
        "net.Ticket", "net.QueueTicketRes", "net.MaxFloatReq", "net.MaxFloatUpdate",
    ];

    private static IEnumerable<TestCaseData> Messages()
        => WireMessageFiller.AllMessages().Select(d => new TestCaseData(d.FullName).SetName($"RoundTrip_{d.FullName}_Equal"));

    [Test]
    public void Schema_AllMessages_AreTheReferenceSet()
    {
        var names = WireMessageFiller.AllMessages().Select(d => d.FullName).Order(StringComparer.Ordinal).ToArray();
        Assert.That(names, Is.EqualTo(ExpectedMessages.Order(StringComparer.Ordinal).ToArray()));
    }

    [Test]
    public void Schema_Services_HaveTheReferenceMethods()
    {
        var methods = LpRpcReflection.Descriptor.Services.Concat(RedeemerReflection.Descriptor.Services)
            .SelectMany(s => s.Methods.Select(m => $"/{s.FullName}/{m.Name}{(m.IsServerStreaming ? " stream" : string.Empty)}"))
            .Order(StringComparer.Ordinal);
        Assert.That(methods, Is.EqualTo(new[]
        {
            "/net.AIWorker/RegisterAIWorker stream", "/net.Orchestrator/EndTranscodingSession", "/net.Orchestrator/GetOrchestrator",
            "/net.Orchestrator/Ping", "/net.TicketRedeemer/MaxFloat", "/net.TicketRedeemer/MonitorMaxFloat stream",
            "/net.TicketRedeemer/QueueTicket", "/net.Transcoder/RegisterTranscoder stream",
        }));
    }

    [TestCaseSource(nameof(Messages))]
    public void RoundTrip_EveryFieldSet_DecodesEqualAndReencodesIdentically(string fullName)
    {
        var descriptor = WireMessageFiller.AllMessages().Single(d => d.FullName == fullName);
        var message = new WireMessageFiller(seed: fullName.Length).Create(descriptor);
        var bytes = message.ToByteArray();

        var decoded = descriptor.Parser.ParseFrom(bytes);

        Assert.That(decoded, Is.EqualTo(message));
        Assert.That(decoded.ToByteArray(), Is.EqualTo(bytes));
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.RealContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(decoded) != field)
            {
                continue; // only the last member of a oneof survives
            }

            Assert.That(IsSet(field, decoded), Is.True, $"{field.FullName} ({field.FieldNumber}) did not survive the round trip");
        }
    }

    [Test]
    public void SegData_FieldTable_MatchesReference()
        => Assert.That(Table(SegData.Descriptor), Is.EqualTo(
            "manifestId=1:Bytes seq=2:Int64 hash=3:Bytes profiles=4:Bytes sig=5:Bytes duration=6:Int32 capabilities=7:Message " +
            "auth_token=8:Message calc_perceptual_hash=10:Bool storage=32:Message[] fullProfiles=33:Message[] fullProfiles2=34:Message[] " +
            "fullProfiles3=35:Message[] segment_parameters=37:Message ForceSessionReinit=38:Bool"));

    [Test]
    public void PaymentMessages_FieldTables_MatchReference()
    {
        Assert.That(Table(TicketParams.Descriptor), Is.EqualTo(
            "recipient=1:Bytes face_value=2:Bytes win_prob=3:Bytes recipient_rand_hash=4:Bytes seed=5:Bytes expiration_block=6:Bytes expiration_params=7:Message"));
        Assert.That(Table(Payment.Descriptor), Is.EqualTo(
            "ticket_params=1:Message sender=2:Bytes expiration_params=3:Message ticket_sender_params=4:Message[] expected_price=5:Message"));
        Assert.That(Table(Ticket.Descriptor), Is.EqualTo(
            "ticket_params=1:Message sender=2:Bytes expiration_params=3:Message sender_params=4:Message recipient_rand=5:Bytes"));
        Assert.That(Table(Wire.OrchestratorInfo.Descriptor), Is.EqualTo(
            "transcoder=1:String ticket_params=2:Message price_info=3:Message address=4:Bytes capabilities=5:Message auth_token=6:Message " +
            "hardware=7:Message[] storage=32:Message[] capabilities_prices=33:Message[] nodes=34:String[]"));
    }

    [Test]
    public void VideoProfile_FieldTable_MatchesReference()
        => Assert.That(Table(VideoProfile.Descriptor), Is.EqualTo(
            "name=16:String width=17:Int32 height=18:Int32 bitrate=19:Int32 fps=20:UInt32 format=21:Enum fpsDen=22:UInt32 profile=23:Enum " +
            "gop=24:Int32 encoder=25:Enum colorDepth=26:Int32 chromaFormat=27:Enum quality=28:UInt32"));

    [Test]
    public void PingPong_Value_EncodesAsField1Bytes()
        => AssertBytes(new PingPong { Value = ByteString.CopyFrom(1, 2) }, "0a020102");

    [Test]
    public void PriceInfo_AllFields_EncodeWithTheirNumbers()
        => AssertBytes(new PriceInfo { PricePerUnit = 1, PixelsPerUnit = 2, Capability = 27, Constraint = "a" }, "08011002181b220161");

    [Test]
    public void Capabilities_Bitstring_IsPacked()
        => AssertBytes(new global::Livepeer.Network.Wire.Capabilities { Bitstring = { 4099UL } }, "0a028320");

    [Test]
    public void VideoProfile_HighFieldNumbers_UseTwoByteTags()
        => AssertBytes(new VideoProfile { Name = "a", Width = 1, Format = VideoProfile.Types.Format.Mp4 }, "82010161" + "880101" + "a80101");

    [Test]
    public void SegData_ForceSessionReinit_IsField38()
        => AssertBytes(new SegData { ForceSessionReinit = true }, "b00201");

    [Test]
    public void TranscodeResult_Error_IsOneofField2()
        => AssertBytes(new TranscodeResult { Seq = 1, Error = "x" }, "08011201" + "78");

    [Test]
    public void NotifyAIJob_NestedJob_IsField1()
        => AssertBytes(new NotifyAIJob { AIJobData = new AIJobData { Pipeline = "p" }, TaskId = 2 }, "0a030a01701002");

    [Test]
    public void TicketSenderParams_NonceAndSig_EncodeAsVarintAndBytes()
        => AssertBytes(new TicketSenderParams { SenderNonce = 300, Sig = ByteString.CopyFrom(0xff) }, "08ac021201ff");

    [Test]
    public void OsInfo_StorageType_IsField1AndS3InfoField16()
        => AssertBytes(new OSInfo { StorageType = OSInfo.Types.StorageType.Google, S3Info = new S3OSInfo { Host = "h" } }, "08028201030a0168");

    [Test]
    public void NotifySegment_ReservedNumbers_AreNotUsed()
    {
        var numbers = NotifySegment.Descriptor.Fields.InFieldNumberOrder().Select(f => f.FieldNumber);
        Assert.That(numbers, Is.EqualTo(new[] { 1, 3, 16, 17, 18 }));
    }

    private static void AssertBytes(IMessage message, string expectedHex)
        => Assert.That(Convert.ToHexStringLower(message.ToByteArray()), Is.EqualTo(expectedHex));

    private static string Table(MessageDescriptor descriptor)
        => string.Join(' ', descriptor.Fields.InDeclarationOrder().Select(f => $"{f.Name}={f.FieldNumber}:{f.FieldType}{(f.IsRepeated ? "[]" : string.Empty)}"));

    private static bool IsSet(FieldDescriptor field, IMessage message)
    {
        var value = field.Accessor.GetValue(message);
        return value switch
        {
            System.Collections.ICollection collection => collection.Count == 2,
            null => false,
            ByteString bytes => !bytes.IsEmpty,
            string text => text.Length > 0,
            bool flag => flag,
            Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) != 0,
            IMessage => true,
            _ => !value.Equals(Activator.CreateInstance(value.GetType())),
        };
    }
}
