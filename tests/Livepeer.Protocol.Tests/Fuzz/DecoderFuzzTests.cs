using System.Numerics;
using System.Text;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Fuzz;

[Category("Fuzz")]
public sealed class DecoderFuzzTests
{
    private static readonly string[][] TypeLists =
    [
        ["uint256", "bool"],
        ["string"],
        ["bytes", "uint8[]"],
        ["(uint256,string)[]"],
        ["uint256[][]", "string[]"],
        ["(address,bytes32,(bool,bytes)[])", "int16[3]"],
        ["string[2][]", "address"],
        ["(uint64,(int8[],bytes3)[2])[]"],
    ];

    private static object? RandomValue(AbiType type, Random random)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                return new BigInteger(FuzzHarness.RandomBytes(random, type.Size / 8 - 1).Append((byte)0).ToArray()) >> 0;
            case AbiTypeKind.Int:
                {
                    var bytes = new byte[type.Size / 8];
                    random.NextBytes(bytes);
                    return new BigInteger(bytes);
                }
            case AbiTypeKind.Address:
                {
                    var bytes = new byte[20];
                    random.NextBytes(bytes);
                    return new EthAddress(bytes);
                }
            case AbiTypeKind.Bool:
                return random.Next(2) == 1;
            case AbiTypeKind.FixedBytes:
                {
                    var bytes = new byte[type.Size];
                    random.NextBytes(bytes);
                    return bytes;
                }
            case AbiTypeKind.Bytes:
                return FuzzHarness.RandomBytes(random, 70);
            case AbiTypeKind.String:
                return new string('é', random.Next(5)) + random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case AbiTypeKind.DynamicArray:
                return Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(type.ElementType!, random)).ToArray();
            case AbiTypeKind.FixedArray:
                return Enumerable.Range(0, type.Length).Select(_ => RandomValue(type.ElementType!, random)).ToArray();
            default:
                return type.Components.Select(c => RandomValue(c, random)).ToArray();
        }
    }

    [Test]
    public void AbiDecode_RandomAndMutatedInputs_OnlyFormatErrors()
    {
        var lists = TypeLists.Select(l => l.Select(AbiType.Parse).ToArray()).ToArray();

        var (cases, accepted) = FuzzHarness.Run(
            seed: 1001,
            generate: (random, i) =>
            {
                var types = lists[i % lists.Length];
                if (i % 5 == 0)
                {
                    return (types, FuzzHarness.RandomBytes(random, 600));
                }
                var valid = AbiCodec.Encode(types, types.Select(t => RandomValue(t, random)).ToArray());
                return (types, i % 5 == 1 ? valid : FuzzHarness.Mutate(random, valid));
            },
            target: input =>
            {
                var decoded = AbiCodec.Decode(input.types, input.Item2);
                // Whatever the decoder accepts must re-encode to something that decodes the same way.
                var again = AbiCodec.Encode(input.types, decoded);
                if (!AbiCodec.Encode(input.types, AbiCodec.Decode(input.types, again)).AsSpan().SequenceEqual(again))
                {
                    Assert.Fail("A decoded value did not survive a second encode/decode round.");
                }
                return true;
            },
            describe: input => string.Join(",", input.types.Select(t => t.CanonicalName)) + " " + FuzzHarness.Show(input.Item2));

        Assert.That(accepted, Is.GreaterThan(cases / 10), "the fuzzer should also reach the success path");
        Assert.That(accepted, Is.LessThan(cases), "the fuzzer should also reach the error paths");
    }

    [Test]
    public void RlpDecode_RandomAndMutatedInputs_OnlyFormatErrorsAndCanonicalRoundTrip()
    {
        static RlpItem RandomItem(Random random, int depth)
        {
            if (depth > 3 || random.Next(3) > 0)
            {
                return RlpItem.FromBytes(FuzzHarness.RandomBytes(random, random.Next(4) == 0 ? 80 : 3));
            }
            return RlpItem.List(Enumerable.Range(0, random.Next(5)).Select(_ => RandomItem(random, depth + 1)).ToArray());
        }

        var (cases, accepted) = FuzzHarness.Run(
            seed: 2002,
            generate: (random, i) => i % 3 == 0 ? FuzzHarness.RandomBytes(random, 200) : FuzzHarness.Mutate(random, RandomItem(random, 0).Encode()),
            target: input =>
            {
                var item = Protocol.Rlp.Decode(input);
                // Canonical decoding means exactly one encoding per tree.
                if (!item.Encode().AsSpan().SequenceEqual(input))
                {
                    Assert.Fail("Two different encodings decoded to the same tree.");
                }
                return true;
            },
            describe: FuzzHarness.Show);

        Assert.That(accepted, Is.GreaterThan(0));
    }

    [Test]
    public void TransactionDecode_RandomAndMutatedInputs_OnlyFormatErrors()
    {
        var legacy = Hex.Decode("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
        var signature = EthSignature.Create(
            Hex.Decode("840cfc572845f5786e702984c2a582528cad4b49b2a10b9db1be7fca90058565"),
            Hex.Decode("25e7109ceb98168d95b09b18bbf6b685130e0562f233877d492b94eee0c5b6d1"),
            27);
        var typed = new Eip1559Transaction
        {
            ChainId = 1,
            Nonce = 3,
            MaxFeePerGas = 10,
            MaxPriorityFeePerGas = 1,
            GasLimit = 50_000,
            Data = new byte[] { 1, 2, 3 },
            AccessList = [new AccessListEntry(new EthAddress(new byte[20]), [new byte[32]])],
        }.Serialise(signature);
        byte[][] seeds = [legacy, typed];

        var (cases, accepted) = FuzzHarness.Run(
            seed: 3003,
            generate: (random, i) => (i % 4) switch
            {
                0 => [(byte)(random.Next(2) == 0 ? 0x02 : 0xf8), .. FuzzHarness.RandomBytes(random, 150)],
                1 => seeds[random.Next(2)],
                _ => FuzzHarness.Mutate(random, seeds[random.Next(2)]),
            },
            target: input =>
            {
                var decoded = SignedTransaction.Decode(input);
                var reserialised = decoded.Legacy is { } l ? l.Serialise(decoded.Signature) : decoded.Eip1559!.Serialise(decoded.Signature);
                if (!reserialised.AsSpan().SequenceEqual(input))
                {
                    Assert.Fail("A decoded transaction re-serialises to different bytes.");
                }
                return true;
            },
            describe: FuzzHarness.Show);

        Assert.That(accepted, Is.GreaterThan(0));
    }

    [Test]
    public void RevertDecode_AnyInput_NeverThrows()
    {
        var custom = AbiError.Parse("Custom(uint256 a, string b, bytes32[] c)");
        var errorString = AbiError.Parse("Error(string)");
        var panic = AbiError.Parse("Panic(uint256)");
        AbiError[] errors = [custom];

        var (cases, _) = FuzzHarness.Run(
            seed: 4004,
            generate: (random, i) => (i % 4) switch
            {
                0 => FuzzHarness.RandomBytes(random, 120),
                1 => FuzzHarness.Mutate(random, errorString.Encode(new string('x', random.Next(70)))),
                2 => FuzzHarness.Mutate(random, panic.Encode(random.Next(0x60))),
                _ => FuzzHarness.Mutate(random, custom.Encode(random.Next(), "s", new[] { new byte[32] })),
            },
            target: input =>
            {
                var revert = RevertDecoder.Decode(input, errors);
                if (!revert.Message.StartsWith("execution reverted", StringComparison.Ordinal) || !revert.RevertData.AsSpan().SequenceEqual(input))
                {
                    Assert.Fail($"Unexpected revert result: {revert.Message}");
                }
                return true;
            },
            describe: FuzzHarness.Show);

        // The harness lets EthereumFormatException through; revert decoding must not even throw that.
    }

    [Test]
    public void TextParsers_RandomText_OnlyFormatErrorsOrFalse()
    {
        const string alphabet = "0123456789abcdefABCDEFxX \u00e9g-";
        var (cases, accepted) = FuzzHarness.Run(
            seed: 5005,
            generate: (random, i) =>
            {
                var length = i % 7 == 0 ? random.Next(200) : random.Next(36, 46) + (i % 2 == 0 ? 132 - 42 : 0);
                var text = new StringBuilder(random.Next(3) == 0 ? "0x" : string.Empty);
                for (var k = 0; k < length; k++)
                {
                    text.Append(alphabet[random.Next(i % 3 == 0 ? alphabet.Length : 22)]);
                }
                return text.ToString();
            },
            target: text =>
            {
                var hexOk = Hex.TryDecode(text, out _);
                Assert.That(hexOk, Is.EqualTo(Caught(() => Hex.Decode(text)) is null));
                var addressOk = EthAddress.TryParse(text, out _);
                Assert.That(addressOk, Is.EqualTo(Caught(() => EthAddress.Parse(text)) is null));
                var signatureOk = Caught(() => EthSignature.Parse(text)) is null;
                return hexOk || addressOk || signatureOk;
            },
            describe: text => text);

        Assert.That(accepted, Is.GreaterThan(0).And.LessThan(cases));
    }

    [Test]
    public void SignatureParse_RandomBytes_OnlyFormatErrors()
    {
        var (cases, accepted) = FuzzHarness.Run(
            seed: 6006,
            generate: (random, i) =>
            {
                var bytes = new byte[i % 4 == 0 ? random.Next(100) : 65];
                random.NextBytes(bytes);
                if (bytes.Length == 65 && random.Next(2) == 0)
                {
                    bytes[64] = (byte)(27 + random.Next(2));
                    bytes[32] &= 0x7f;
                }
                return bytes;
            },
            target: bytes =>
            {
                var parsed = EthSignature.TryParse(bytes, out _);
                Assert.That(parsed, Is.EqualTo(Caught(() => EthSignature.Parse(bytes)) is null));
                return parsed;
            },
            describe: FuzzHarness.Show);

        Assert.That(accepted, Is.GreaterThan(0));
    }

    [Test]
    public void CraftedHugeLengths_FailFastWithoutLargeAllocations()
    {
        var hugeWord = Hex.Decode("00000000000000000000000000000000000000000000000000000000" + "7fffffff");
        var offset = Hex.Decode(new string('0', 62) + "20");
        byte[][] abiInputs =
        [
            [.. offset, .. hugeWord],
            [.. offset, .. Hex.Decode(new string('f', 64))],
            [.. offset, .. hugeWord, .. new byte[64]],
        ];
        byte[][] rlpInputs =
        [
            Hex.Decode("bf7fffffffffffffff00"),
            Hex.Decode("ff7fffffffffffffff00"),
            Hex.Decode("bb7fffffff00"),
            Hex.Decode("f8ff" + new string('c', 40)),
        ];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        foreach (var type in new[] { "bytes", "string", "uint256[]", "string[][]", "(uint256,bytes)[]" })
        {
            foreach (var input in abiInputs)
            {
                Assert.That(() => AbiCodec.Decode([AbiType.Parse(type)], input), Throws.TypeOf<EthereumFormatException>(), type);
            }
        }
        foreach (var input in rlpInputs)
        {
            Assert.That(() => Protocol.Rlp.Decode(input), Throws.TypeOf<EthereumFormatException>());
            Assert.That(() => SignedTransaction.Decode(input), Throws.TypeOf<EthereumFormatException>());
            Assert.That(() => SignedTransaction.Decode([0x02, .. input]), Throws.TypeOf<EthereumFormatException>());
        }

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "a crafted length made a decoder loop");
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(16 * 1024 * 1024));
    }

    private static Exception? Caught(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (EthereumFormatException ex)
        {
            return ex;
        }
    }
}
