using System.Numerics;
using Livepeer.Payments;
using Livepeer.Protocol;

namespace Livepeer.Network.Tests.Client;

internal static class ClientTestData
{
    // The first two anvil development keys.
    public const string GatewayKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public const string OrchestratorKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    public static readonly EthAddress GatewayAddress = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    public static readonly EthAddress OrchestratorAddress = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    /// <summary>An info with every field set to a value that is not the default.</summary>
    public static OrchestratorInfo FullInfo(string transcoder) => new()
    {
        Transcoder = transcoder,
        Address = OrchestratorAddress,
        TicketParams = new TicketParams(
            OrchestratorAddress,
            new Wei(1_000_000_000_000),
            Uint256.MaxValue / 3,
            Keccak256.Hash("rand"u8),
            BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture),
            100_000,
            new TicketExpirationParams(42, Keccak256.Hash("block"u8))),
        PriceInfo = new PixelPrice(1200, 3),
        AuthToken = new AuthToken(Keccak256.Hash("token"u8), "0a1b2c3d", 1_900_000_000),
        Capabilities = new CapabilitySet
        {
            Bitstring = CapabilitySet.DefaultTranscoder.Bitstring,
            Capacities = new Dictionary<Capability, uint> { [Capability.H264] = 10 },
            Version = "0.9.1",
            PerCapability = new Dictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>>
            {
                [Capability.TextToImage] = new Dictionary<string, ModelConstraint> { ["stabilityai/sd-turbo"] = new(true, 2, "0.14.0", 1) },
            },
        },
        CapabilityPrices = [new CapabilityPrice(Capability.TextToImage, "stabilityai/sd-turbo", new PixelPrice(5, 1))],
        Nodes = ["https://127.0.0.1:9001", "https://127.0.0.1:9002"],
        Hardware = [new WorkerHardware("text-to-image", "stabilityai/sd-turbo", new Dictionary<string, WorkerGpu> { ["0"] = new("GPU-1", "RTX 4090", 8, 9, 1L << 30, 24L << 30) })],
        Storage = [new ObjectStorageInfo(ObjectStorageType.S3, new S3UploadPolicy("https://s3.example", "key/", "policy", "signature", "credential", "20260101T000000Z"))],
    };
}
