using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Tickets;

[TestFixture]
public sealed class TicketHashingTests
{
    private const string BlockHash41 = "41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d";

    private static IEnumerable<TestCaseData> HashVectors()
    {
        yield return new TestCaseData("0", "0", 4294967295u, null, null, 0ul, null, "e1393fc7f6de093780674022f96cb8e3872235167d037c04d554e58c0e63d280").SetName("Hash_MaxNonce");
        yield return new TestCaseData("0", "0", 1u, null, null, 0ul, null, "ce0918ba94518293e9712effbe5fca4f1f431089833a5b8c257cb1e024595f68").SetName("Hash_Nonce1");
        yield return new TestCaseData("1", "500", 0u, null, null, 0ul, null, "87ef13f2d37e4d5352a01d3c77b8179d80e0887f1953bfabfd0bfd7b0f689ddd").SetName("Hash_FaceValue1WinProb500");
        yield return new TestCaseData("500", "1", 0u, null, null, 0ul, null, "aa4b35071043587992ac8b9dd1b2cf1d8311130e6458cf0b2342484e21af5f5b").SetName("Hash_FaceValue500WinProb1");
        yield return new TestCaseData("0", "0", 0u, "0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F", null, 0ul, null, "81e353ae39046e2b77b9f996abbaeed527fda559b61ef90f299c4499dd508ccc").SetName("Hash_Recipient");
        yield return new TestCaseData("0", "0", 0u, null, BlockHash41, 0ul, null, "be5eaf9a49a39540b9bb02f1a21904f61324a29819e2c032824bfaa10c100b17").SetName("Hash_RecipientRandHash");
        yield return new TestCaseData("0", "0", 0u, null, null, 10ul, BlockHash41, "e502907c16036ab3d11b78c5a2e93c20f3d6415c67f91de4ed01348182b3b2e2").SetName("Hash_AuxData232Bytes");
    }

    [Category("Vectors")]
    [TestCaseSource(nameof(HashVectors))]
    public void ComputeHash_GoLivepeerVector_MatchesAndEqualsProtocolTicket(
        string faceValue, string winProb, uint nonce, string? recipient, string? randHash, ulong round, string? blockHash, string expected)
    {
        var recipientAddress = recipient is null ? EthAddress.Zero : EthAddress.Parse(recipient);
        var randHashBytes = randHash is null ? new byte[32] : Hex.Decode(randHash);
        var aux = new TicketExpirationParams(round, blockHash is null ? new byte[32] : Hex.Decode(blockHash)).ToAuxData();

        var preimage = new byte[TicketHashing.PreimageWithAuxDataLength];
        var length = TicketHashing.WritePreimage(
            recipientAddress, EthAddress.Zero, BigInteger.Parse(faceValue), BigInteger.Parse(winProb), nonce, randHashBytes, aux, preimage);
        var hash = new byte[32];
        TicketHashing.ComputeHash(recipientAddress, EthAddress.Zero, BigInteger.Parse(faceValue), BigInteger.Parse(winProb), nonce, randHashBytes, aux, hash);

        var protocolTicket = new Ticket(recipientAddress, EthAddress.Zero, new Wei(BigInteger.Parse(faceValue)), BigInteger.Parse(winProb), nonce, randHashBytes, aux);
        Assert.Multiple(() =>
        {
            Assert.That(length, Is.EqualTo(round == 0 ? 168 : 232));
            Assert.That(Hex.Encode(hash, prefix: false), Is.EqualTo(expected));
            Assert.That(Keccak256.Hash(preimage.AsSpan(0, length)), Is.EqualTo(hash));
            Assert.That(protocolTicket.ComputeHash(), Is.EqualTo(hash.ToArray()));
        });
    }

    [Category("Vectors")]
    [Test]
    public void ToAuxData_GoLivepeerVectors_MatchTestAuxData()
    {
        var hash = Hex.Decode("7624778dedc75f8b322b9fa1632a610d40b85e106c7d9bf0e743a9ce291b9c6f");
        var round5 = new byte[32];
        round5[31] = 5;
        Assert.Multiple(() =>
        {
            Assert.That(new TicketExpirationParams(0, hash).ToAuxData(), Is.EqualTo(new byte[32].Concat(hash).ToArray()));
            Assert.That(new TicketExpirationParams(5, new byte[32]).ToAuxData(), Is.EqualTo(round5.Concat(new byte[32]).ToArray()));
            Assert.That(new TicketExpirationParams(5, null!).ToAuxData(), Is.EqualTo(round5.Concat(new byte[32]).ToArray()));
            Assert.That(new TicketExpirationParams(0, new byte[32]).ToAuxData(), Is.Empty);
            Assert.That(new TicketExpirationParams(5, hash).ToAuxData(), Is.EqualTo(round5.Concat(hash).ToArray()));
        });
    }

    [Test]
    public void ComputeHash_RandomTickets_EqualsProtocolTicketComputeHash()
    {
        var random = new Random(1234);
        Span<byte> hash = stackalloc byte[32];
        for (var i = 0; i < 300; i++)
        {
            var fields = new byte[20 + 20 + 32 + 32 + 32 + 32];
            random.NextBytes(fields);
            var recipient = new EthAddress(fields.AsSpan(0, 20));
            var sender = new EthAddress(fields.AsSpan(20, 20));
            var faceValue = new BigInteger(fields.AsSpan(40, random.Next(0, 33)), isUnsigned: true, isBigEndian: true);
            var winProb = new BigInteger(fields.AsSpan(72, random.Next(0, 33)), isUnsigned: true, isBigEndian: true);
            var nonce = (uint)random.NextInt64(0, uint.MaxValue + 1L);
            var randHash = fields.AsSpan(104, 32).ToArray();
            var aux = i % 3 == 0 ? [] : new TicketExpirationParams((ulong)random.NextInt64(0, long.MaxValue), fields.AsSpan(136, 32).ToArray()).ToAuxData();

            TicketHashing.ComputeHash(recipient, sender, faceValue, winProb, nonce, randHash, aux, hash);
            var expected = new Ticket(recipient, sender, new Wei(faceValue), winProb, nonce, randHash, aux).ComputeHash();
            Assert.That(hash.ToArray(), Is.EqualTo(expected), $"ticket {i}");
        }
    }

    [Test]
    public void SetNonce_OverwritesOnlyTheNonceWord()
    {
        var preimage = new byte[TicketHashing.PreimageLength];
        TicketHashing.WritePreimage(Keys.Orchestrator, EthAddress.Zero, 7, 9, uint.MaxValue, new byte[32], [], preimage);
        var before = preimage.ToArray();
        TicketHashing.SetNonce(preimage, 1);
        Assert.Multiple(() =>
        {
            Assert.That(preimage.AsSpan(0, 104).ToArray(), Is.EqualTo(before.AsSpan(0, 104).ToArray()));
            Assert.That(preimage.AsSpan(104, 31).ToArray(), Is.All.EqualTo(0));
            Assert.That(preimage[135], Is.EqualTo(1));
            Assert.That(preimage.AsSpan(136).ToArray(), Is.EqualTo(before.AsSpan(136).ToArray()));
        });
    }

    [Test]
    public void WritePreimage_BadAuxDataLength_Throws()
    {
        var destination = new byte[300];
        Assert.Throws<ArgumentException>(() => TicketHashing.WritePreimage(EthAddress.Zero, EthAddress.Zero, 0, 0, 0, new byte[32], new byte[10], destination));
        Assert.Throws<ArgumentException>(() => TicketHashing.WritePreimage(EthAddress.Zero, EthAddress.Zero, 0, 0, 0, new byte[31], [], destination));
    }

    [Category("Vectors")]
    [Test]
    public void IsWinning_FooAndRand10_FlipsFromLoseToWin()
    {
        var sig = "foo"u8.ToArray();
        var keccak = Hex.Encode(Keccak256.Hash(sig.Concat(Uint256.ToPadded(10)).ToArray()), prefix: false);
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Encode(Ticket.HashRecipientRand(10), prefix: false), Is.EqualTo("c65a7bb8d6351c1cf70c95a316cc6a92839c986682d98bc35f958f4883f9d2a8"));
            Assert.That(keccak, Is.EqualTo("212117bf5ec66d480ab4d362ce2f1ae19d6b5df92c5f8633bcecf62bfaea6810"));
            Assert.That(TicketHashing.IsWinning(sig, 10, BigInteger.Zero), Is.False);
            Assert.That(TicketHashing.IsWinning(sig, 10, TicketMath.MaxWinProb), Is.True);
        });
    }

    [Test]
    public void IsWinning_WinProbEqualToHash_LosesAndOneMoreWins()
    {
        var sig = "foo"u8.ToArray();
        var hash = Uint256.ReadUnsigned(Keccak256.Hash(sig.Concat(Uint256.ToPadded(10)).ToArray()));
        Assert.Multiple(() =>
        {
            Assert.That(TicketHashing.IsWinning(sig, 10, hash), Is.False, "strictly less than");
            Assert.That(TicketHashing.IsWinning(sig, 10, hash + 1), Is.True);
            Assert.That(TicketHashing.IsWinning(sig, 10, hash - 1), Is.False);
        });
    }
}
