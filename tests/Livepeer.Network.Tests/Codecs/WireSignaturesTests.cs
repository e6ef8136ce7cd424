using System.Text;
using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Network.Tests.Codecs;

public sealed class WireSignaturesTests
{
    // anvil's first development key; its EIP-55 address has both cases, so lower-case signing is detectable.
    private const string DevKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static readonly EthAddress DevAddress = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    [Test]
    [Category("Vectors")]
    public void FlattenSegment_GoLivepeerVector_HashesTo08a398e7()
    {
        var hash = new byte[32];
        "browns"u8.CopyTo(hash);

        var flat = WireSignatures.FlattenSegment("abcdef", 1234, hash, ["P144p30fps16x9", "P240p30fps16x9"]);

        Assert.That(Convert.ToHexStringLower(Keccak256.Hash(flat)), Is.EqualTo("08a398e7e7a5a545b0b07d9e7e1eab52b4131e0df1621bd53ee6e7550a15465b"));
        Assert.That(Encoding.ASCII.GetString(flat[^16..]), Is.EqualTo("fca40bf9c0a6517a"));
        Assert.That(flat, Has.Length.EqualTo(6 + 32 + 32 + 16));
    }

    [Test]
    [Category("Vectors")]
    public void FlattenSegment_FromCredentials_UsesProfileNames()
    {
        var hash = new byte[32];
        "browns"u8.CopyTo(hash);
        var segment = new SegmentCredentials
        {
            ManifestId = "abcdef",
            Sequence = 1234,
            Hash = hash,
            Profiles = [VideoProfile.P144p30fps16x9, VideoProfile.P240p30fps16x9],
        };

        Assert.That(Convert.ToHexStringLower(Keccak256.Hash(WireSignatures.FlattenSegment(segment))), Does.StartWith("08a398e7"));
    }

    [Test]
    public void FlattenSegment_NegativeSequence_UsesMagnitude()
        => Assert.That(WireSignatures.FlattenSegment("m", -5, new byte[32], []), Is.EqualTo(WireSignatures.FlattenSegment("m", 5, new byte[32], [])));

    [Test]
    public void FlattenSegment_ShortHash_IsLeftPadded()
    {
        var flat = WireSignatures.FlattenSegment("", 0, [0xab], []);
        Assert.That(flat[32..64], Is.EqualTo(new byte[31].Append((byte)0xab).ToArray()));
    }

    [Test]
    public async Task SignSegment_ThenVerify_AcceptsSignerAndRejectsOthers()
    {
        using var signer = PrivateKeySigner.FromHex(DevKey);
        var segment = new SegmentCredentials { ManifestId = "stream", Sequence = 7, Hash = Keccak256.Hash("media"u8), Profiles = [VideoProfile.P240p30fps16x9] };

        var signed = await WireSignatures.SignSegmentAsync(signer, segment);

        Assert.That(signed.Signature, Has.Length.EqualTo(65));
        Assert.That(WireSignatures.VerifySegment(signed, signer.Address), Is.True);
        Assert.That(WireSignatures.VerifySegment(signed, EthAddress.Zero), Is.False, "other sender");
        Assert.That(WireSignatures.VerifySegment(signed with { Sequence = 8 }, signer.Address), Is.False, "changed sequence");
        Assert.That(WireSignatures.VerifySegment(signed with { Profiles = [VideoProfile.P360p30fps16x9] }, signer.Address), Is.False, "changed profile name");
        Assert.That(WireSignatures.VerifySegment(signed with { Signature = signed.Signature[..64] }, signer.Address), Is.False, "truncated signature");
        Assert.That(WireSignatures.VerifySegment(signed with { Signature = [] }, signer.Address), Is.False, "no signature");
    }

    [Test]
    public async Task SignOrchestratorRequest_ThenVerify_UsesEip55String()
    {
        using var signer = PrivateKeySigner.FromHex(DevKey);
        Assert.That(signer.Address, Is.EqualTo(DevAddress));

        var signature = await WireSignatures.SignOrchestratorRequestAsync(signer);

        Assert.That(WireSignatures.VerifyOrchestratorRequest(DevAddress, signature.ToArray()), Is.True);
        var expected = await Eip191.SignMessageAsync(signer, Keccak256.Hash(Encoding.ASCII.GetBytes("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")));
        Assert.That(signature, Is.EqualTo(expected));
    }

    [Test]
    public async Task VerifyOrchestratorRequest_SignatureOverLowerCaseAddress_Rejected()
    {
        using var signer = PrivateKeySigner.FromHex(DevKey);
        var lowerCase = await Eip191.SignMessageAsync(signer, Keccak256.Hash(Encoding.ASCII.GetBytes(DevAddress.ToLowerHex())));

        Assert.That(WireSignatures.VerifyOrchestratorRequest(DevAddress, lowerCase.ToArray()), Is.False);
    }

    [Test]
    public async Task VerifyOrchestratorRequest_OtherAddressOrGarbage_Rejected()
    {
        using var signer = PrivateKeySigner.FromHex(DevKey);
        var signature = (await WireSignatures.SignOrchestratorRequestAsync(signer)).ToArray();
        Assert.That(WireSignatures.VerifyOrchestratorRequest(EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), signature), Is.False);
        Assert.That(WireSignatures.VerifyOrchestratorRequest(DevAddress, new byte[65]), Is.False);
        signature[64] = 0;
        Assert.That(WireSignatures.VerifyOrchestratorRequest(DevAddress, signature), Is.False, "v = 0");
    }

    [Test]
    public async Task TranscodeData_SignThenVerify_OverHashOfRenditionHashes()
    {
        using var signer = PrivateKeySigner.FromHex(DevKey);
        ReadOnlyMemory<byte>[] renditions = ["first"u8.ToArray(), "second"u8.ToArray()];
        var message = WireSignatures.TranscodeDataMessage(renditions);

        var concatenated = Keccak256.Hash("first"u8).Concat(Keccak256.Hash("second"u8)).ToArray();
        Assert.That(message, Is.EqualTo(Keccak256.Hash(concatenated)));

        var signature = await WireSignatures.SignTranscodeDataAsync(signer, message);
        Assert.That(WireSignatures.VerifyTranscodeData(signer.Address, message, signature.ToArray()), Is.True);
        Assert.That(signature, Is.EqualTo(await Eip191.SignMessageAsync(signer, message)), "no extra keccak");

        var swapped = WireSignatures.TranscodeDataMessage([renditions[1], renditions[0]]);
        Assert.That(WireSignatures.VerifyTranscodeData(signer.Address, swapped, signature.ToArray()), Is.False);
    }

    [Test]
    public async Task Ping_SignThenVerify_OverKeccakOfValue()
    {
        using var signer = PrivateKeySigner.FromHex(DevKey);
        var value = Keccak256.Hash("timestamp"u8);

        var signature = await WireSignatures.SignPingAsync(signer, value);

        Assert.That(WireSignatures.VerifyPing(signer.Address, value, signature.ToArray()), Is.True);
        Assert.That(signature, Is.EqualTo(await Eip191.SignMessageAsync(signer, Keccak256.Hash(value))));
        Assert.That(WireSignatures.VerifyPing(signer.Address, Keccak256.Hash("other"u8), signature.ToArray()), Is.False);
    }
}
