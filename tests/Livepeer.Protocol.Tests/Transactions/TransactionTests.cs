using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Transactions;

public sealed class TransactionTests
{
    // EIP-155's example transaction.
    private const string Eip155Key = "0x4646464646464646464646464646464646464646464646464646464646464646";
    private const string Eip155SigningData = "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080";
    private const string Eip155SigningHash = "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";
    private const string Eip155R = "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276";
    private const string Eip155S = "67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
    private const string Eip155Raw = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0"
        + Eip155R + "a0" + Eip155S;
    private static readonly EthAddress Eip155Sender = EthAddress.Parse("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");

    // Ethereum mainnet transaction 0x0ec0b6a2…2ee0 (an EIP-1559 setApprovalForAll call).
    private const string MainnetHash = "0x0ec0b6a2df4d87424e5f6ad2a654e27aaeb7dac20ae9e8385cc09087ad532ee0";
    private const string MainnetR = "840cfc572845f5786e702984c2a582528cad4b49b2a10b9db1be7fca90058565";
    private const string MainnetS = "25e7109ceb98168d95b09b18bbf6b685130e0562f233877d492b94eee0c5b6d1";
    private static readonly EthAddress MainnetSender = EthAddress.Parse("0xDD6B8b3dC6B7AD97db52F08a275FF4483e024CEa");

    private static LegacyTransaction Eip155Transaction() => new()
    {
        ChainId = 1,
        Nonce = 9,
        GasPrice = Wei.FromGwei(20),
        GasLimit = 21000,
        To = EthAddress.Parse("0x3535353535353535353535353535353535353535"),
        Value = Wei.FromEther(1),
    };

    private static Eip1559Transaction MainnetTransaction() => new()
    {
        ChainId = 1,
        Nonce = 0x42,
        MaxPriorityFeePerGas = new Wei(0x3b9aca00),
        MaxFeePerGas = new Wei(0x4a817c800),
        GasLimit = 44386,
        To = EthAddress.Parse("0x6069a6c32cf691f5982febae4faf8a6f3ab2f0f6"),
        Value = Wei.Zero,
        Data = Hex.Decode("a22cb4650000000000000000000000005eee75727d804a2b13038928d36f8b188945a57a0000000000000000000000000000000000000000000000000000000000000000"),
    };

    private static EthSignature Signature(string r, string s, byte v) => EthSignature.Create(Hex.Decode(r), Hex.Decode(s), v);

    [Category("Vectors")]
    [Test]
    public void Eip155_SigningDataAndHash_MatchPublishedExample()
    {
        var transaction = Eip155Transaction();

        Assert.That(Hex.Encode(transaction.EncodeForSigning()), Is.EqualTo(Eip155SigningData));
        Assert.That(Hex.Encode(transaction.GetSigningHash()), Is.EqualTo(Eip155SigningHash));
    }

    [Category("Vectors")]
    [Test]
    public async Task Eip155_SignWithPublishedSignature_SerialisesToPublishedRaw()
    {
        var signer = new FixedSigner(Eip155Sender, Signature(Eip155R, Eip155S, 27));

        var signed = await Eip155Transaction().SignAsync(signer);

        Assert.That(Hex.Encode(signer.LastDigest!), Is.EqualTo(Eip155SigningHash));
        Assert.That(signed.RawHex, Is.EqualTo(Eip155Raw));
        Assert.That(signed.Type, Is.EqualTo(TransactionType.Legacy));
        Assert.That(signed.Hash, Is.EqualTo(Hex.Encode(Keccak256.Hash(Hex.Decode(Eip155Raw)))));
    }

    [Category("Vectors")]
    [Test]
    public void Decode_Eip155Raw_GivesFieldsAndSignature()
    {
        var signed = SignedTransaction.Decode(Eip155Raw);

        Assert.That(signed.Type, Is.EqualTo(TransactionType.Legacy));
        Assert.That(signed.Legacy, Is.EqualTo(Eip155Transaction() with { Data = signed.Data }));
        Assert.That(signed.ChainId, Is.EqualTo(1UL));
        Assert.That(signed.Value, Is.EqualTo(Wei.FromEther(1)));
        Assert.That(signed.Data.Length, Is.Zero);
        Assert.That(Hex.Encode(signed.Signature.R), Is.EqualTo("0x" + Eip155R));
        Assert.That(signed.Signature.V, Is.EqualTo(27));
        Assert.That(signed.V, Is.EqualTo(new BigInteger(37)));
        Assert.That(Hex.Encode(signed.SigningHash.Span), Is.EqualTo(Eip155SigningHash));
        Assert.That(Hex.Encode(signed.Legacy!.Serialise(signed.Signature)), Is.EqualTo(Eip155Raw));
    }

    [Category("Vectors")]
    [Test]
    public async Task Eip1559_SignWithMainnetSignature_HashMatchesMainnet()
    {
        var signer = new FixedSigner(MainnetSender, Signature(MainnetR, MainnetS, 27));

        var signed = await MainnetTransaction().SignAsync(signer);

        Assert.That(signed.Hash, Is.EqualTo(MainnetHash));
        Assert.That(signed.RawBytes.Span[0], Is.EqualTo(0x02));
        Assert.That(signed.Type, Is.EqualTo(TransactionType.Eip1559));
        Assert.That(signer.LastDigest, Is.EqualTo(MainnetTransaction().GetSigningHash()));
    }

    [Category("Vectors")]
    [Test]
    public async Task Eip1559_DecodeOfSerialised_RoundTrips()
    {
        var signed = await MainnetTransaction().SignAsync(new FixedSigner(MainnetSender, Signature(MainnetR, MainnetS, 27)));

        var decoded = SignedTransaction.Decode(signed.RawBytes.Span);

        var original = MainnetTransaction();
        var back = decoded.Eip1559!;
        Assert.That(decoded.Hash, Is.EqualTo(MainnetHash));
        Assert.That((back.ChainId, back.Nonce, back.MaxPriorityFeePerGas, back.MaxFeePerGas, back.GasLimit, back.To, back.Value),
            Is.EqualTo((original.ChainId, original.Nonce, original.MaxPriorityFeePerGas, original.MaxFeePerGas, original.GasLimit, original.To, original.Value)));
        Assert.That(back.Data.ToArray(), Is.EqualTo(original.Data.ToArray()));
        Assert.That(back.AccessList, Is.Empty);
        Assert.That(decoded.Signature, Is.EqualTo(signed.Signature));
        Assert.That(decoded.SigningHash.ToArray(), Is.EqualTo(signed.SigningHash.ToArray()));
    }

    [Test]
    public async Task Eip1559_WithAccessListAndContractCreation_RoundTrips()
    {
        var key = Keccak256.Hash("slot"u8);
        var transaction = new Eip1559Transaction
        {
            ChainId = 42161,
            Nonce = 0,
            MaxPriorityFeePerGas = Wei.Zero,
            MaxFeePerGas = Wei.FromGwei(0.1m),
            GasLimit = 3_000_000,
            To = null,
            Value = Wei.FromEther(0.5m),
            Data = new byte[] { 0x60, 0x80, 0x60, 0x40 },
            AccessList = [new AccessListEntry(MainnetSender, [key, new byte[32]]), new AccessListEntry(Eip155Sender, [])],
        };
        var signed = await transaction.SignAsync(new FixedSigner(MainnetSender, Signature(MainnetR, MainnetS, 28)));

        var decoded = SignedTransaction.Decode(signed.RawHex);

        Assert.That(decoded.To, Is.Null);
        Assert.That(decoded.ChainId, Is.EqualTo(42161UL));
        Assert.That(decoded.Signature.V, Is.EqualTo(28));
        Assert.That(decoded.V, Is.EqualTo(BigInteger.One));
        Assert.That(decoded.Eip1559!.AccessList.Select(e => e.Address), Is.EqualTo(new[] { MainnetSender, Eip155Sender }));
        Assert.That(decoded.Eip1559.AccessList[0].StorageKeys, Is.EqualTo(new[] { key, new byte[32] }));
        Assert.That(decoded.RawHex, Is.EqualTo(signed.RawHex));
        Assert.That(decoded.Hash, Is.EqualTo(signed.Hash));
    }

    [Test]
    public void Decode_PreEip155Legacy_HasNoChainId()
    {
        var unprotected = Eip155Transaction() with { ChainId = null };
        var raw = unprotected.Serialise(Signature(Eip155R, Eip155S, 28));

        var decoded = SignedTransaction.Decode(raw);

        Assert.That(raw[^67], Is.EqualTo(0x1c));
        Assert.That(decoded.ChainId, Is.Null);
        Assert.That(decoded.Signature.V, Is.EqualTo(28));
        Assert.That(decoded.SigningHash.ToArray(), Is.EqualTo(unprotected.GetSigningHash()));
    }

    [Test]
    public void Legacy_LargeChainId_EncodesVBeyond64Bits()
    {
        var transaction = Eip155Transaction() with { ChainId = ulong.MaxValue / 2 + 7 };
        var raw = transaction.Serialise(Signature(Eip155R, Eip155S, 28));

        var decoded = SignedTransaction.Decode(raw);

        Assert.That(decoded.ChainId, Is.EqualTo(ulong.MaxValue / 2 + 7));
        Assert.That(decoded.Signature.RecoveryId, Is.EqualTo(1));
    }

    [Test]
    public void Validate_GasLimitZero_ThrowsInvalidTransaction()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => (Eip155Transaction() with { GasLimit = 0 }).GetSigningHash());

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidTransaction));
        Assert.That(() => (MainnetTransaction() with { GasLimit = 0 }).GetSigningHash(), Throws.TypeOf<EthereumFormatException>());
    }

    [Test]
    public void Validate_PriorityFeeAboveMaxFee_ThrowsInvalidTransaction()
    {
        var transaction = MainnetTransaction() with { MaxPriorityFeePerGas = Wei.FromGwei(30), MaxFeePerGas = Wei.FromGwei(20) };

        var ex = Assert.Throws<EthereumFormatException>(() => transaction.GetSigningHash());

        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidTransaction));
        Assert.That(ex.Message, Does.Contain("priority"));
    }

    [Test]
    public void Validate_OtherInvalidFields_ThrowInvalidTransaction()
    {
        var signer = new FixedSigner(Eip155Sender, Signature(Eip155R, Eip155S, 27));

        Assert.That(() => (Eip155Transaction() with { ChainId = null }).SignAsync(signer), Throws.TypeOf<EthereumFormatException>().With.Property("ErrorCode").EqualTo(ProtocolErrorCode.InvalidTransaction));
        Assert.That(() => (Eip155Transaction() with { Nonce = ulong.MaxValue }).GetSigningHash(), Throws.TypeOf<EthereumFormatException>());
        Assert.That(() => (MainnetTransaction() with { ChainId = 0 }).GetSigningHash(), Throws.TypeOf<EthereumFormatException>());
        Assert.That(() => (MainnetTransaction() with { AccessList = [new AccessListEntry(Eip155Sender, [new byte[31]])] }).GetSigningHash(),
            Throws.TypeOf<EthereumFormatException>().With.Property("ErrorCode").EqualTo(ProtocolErrorCode.InvalidTransaction));
        Assert.That(() => new Wei(BigInteger.MinusOne), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase("", ProtocolErrorCode.InvalidTransaction)]
    [TestCase("01c0", ProtocolErrorCode.InvalidTransaction)]
    [TestCase("03c0", ProtocolErrorCode.InvalidTransaction)]
    [TestCase("80", ProtocolErrorCode.InvalidTransaction)]
    [TestCase("02c0", ProtocolErrorCode.InvalidTransaction)]
    [TestCase("02", ProtocolErrorCode.InvalidRlp)]
    [TestCase("c0", ProtocolErrorCode.InvalidTransaction)]
    [TestCase("c9808080808080808080", ProtocolErrorCode.InvalidTransaction)]
    public void Decode_Malformed_ThrowsTypedError(string hex, ProtocolErrorCode code)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => SignedTransaction.Decode(Convert.FromHexString(hex)));

        Assert.That(ex!.ErrorCode, Is.EqualTo(code));
    }

    [Test]
    public void Decode_TrailingBytesOrNonCanonicalNonce_Throws()
    {
        var raw = Hex.Decode(Eip155Raw);
        var trailing = raw.Append((byte)0).ToArray();
        var nonCanonical = Hex.Decode(Eip155Raw.Replace("0xf86c09", "0xf86d8109", StringComparison.Ordinal));

        Assert.That(() => SignedTransaction.Decode(trailing), Throws.TypeOf<EthereumFormatException>().With.Property("ErrorCode").EqualTo(ProtocolErrorCode.InvalidRlp));
        Assert.That(() => SignedTransaction.Decode(nonCanonical), Throws.TypeOf<EthereumFormatException>().With.Property("ErrorCode").EqualTo(ProtocolErrorCode.InvalidRlp));
    }

    // These three need a secp256k1 backend. They fail with NotImplementedException until the signing branch is merged.

    [Category("Vectors")]
    [Test]
    public void RecoverSender_Eip155Example_IsKeyAddress()
    {
        Assert.That(SignedTransaction.Decode(Eip155Raw).RecoverSender(), Is.EqualTo(Eip155Sender));
    }

    [Category("Vectors")]
    [Test]
    public void RecoverSender_MainnetEip1559_IsMainnetSender()
    {
        var raw = MainnetTransaction().Serialise(Signature(MainnetR, MainnetS, 27));

        Assert.That(SignedTransaction.Decode(raw).RecoverSender(), Is.EqualTo(MainnetSender));
    }

    [Category("Vectors")]
    [Test]
    public async Task SignAsync_RealKeyEip155Example_GivesPublishedRaw()
    {
        var signer = PrivateKeySigner.FromHex(Eip155Key);

        var signed = await Eip155Transaction().SignAsync(signer);

        Assert.That(signer.Address, Is.EqualTo(Eip155Sender));
        Assert.That(signed.RawHex, Is.EqualTo(Eip155Raw));
        Assert.That(signed.RecoverSender(), Is.EqualTo(Eip155Sender));
    }
}
