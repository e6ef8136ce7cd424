using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Livepeer.Protocol;

/// <summary>
/// secp256k1 through libsecp256k1 (with its recovery module), bound at run time with function pointers.
/// One context, created and randomised once, serves every thread: libsecp256k1 only mutates a context in
/// create, randomize and destroy.
/// </summary>
internal sealed unsafe class NativeSecp256k1 : Secp256k1
{
    // SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY; newer releases ignore the flags, older ones need them.
    private const uint ContextSignVerify = 0x301;
    private const uint EcUncompressed = 0x2;
    private const int PublicKeyStructSize = 64;
    private const int RecoverableSignatureStructSize = 65;

    private static readonly string[] LibraryNames = ["libsecp256k1.so.2", "libsecp256k1.so.1", "libsecp256k1.so", "secp256k1"];

    private static readonly string[] RequiredExports =
    [
        "secp256k1_context_create",
        "secp256k1_ec_pubkey_create",
        "secp256k1_ec_pubkey_serialize",
        "secp256k1_ecdsa_sign_recoverable",
        "secp256k1_ecdsa_recoverable_signature_serialize_compact",
        "secp256k1_ecdsa_recoverable_signature_parse_compact",
        "secp256k1_ecdsa_recover",
    ];

    // Declared after the tables above: static initialisers run in textual order.
    public static readonly NativeSecp256k1? Instance = TryCreate();

    private readonly nint _context;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> _pubkeyCreate;
    private readonly delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int> _pubkeySerialize;
    private readonly delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int> _signRecoverable;
    private readonly delegate* unmanaged<nint, byte*, int*, byte*, int> _serializeCompact;
    private readonly delegate* unmanaged<nint, byte*, byte*, int, int> _parseCompact;
    private readonly delegate* unmanaged<nint, byte*, byte*, byte*, int> _recover;

    private NativeSecp256k1(nint library, nint context, string libraryName)
    {
        _context = context;
        LibraryName = libraryName;
        _pubkeyCreate = (delegate* unmanaged<nint, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_create");
        _pubkeySerialize = (delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_serialize");
        _signRecoverable = (delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_sign_recoverable");
        _serializeCompact = (delegate* unmanaged<nint, byte*, int*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recoverable_signature_serialize_compact");
        _parseCompact = (delegate* unmanaged<nint, byte*, byte*, int, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recoverable_signature_parse_compact");
        _recover = (delegate* unmanaged<nint, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recover");
    }

    public override string Name => "native";

    /// <summary>The file name the library was loaded under.</summary>
    public string LibraryName { get; }

    private static NativeSecp256k1? TryCreate()
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(NativeSecp256k1).Assembly, searchPath: null, out var library))
            {
                continue;
            }
            var instance = TryBind(library, name);
            if (instance is not null)
            {
                return instance;
            }
            NativeLibrary.Free(library);
        }
        return null;
    }

    private static NativeSecp256k1? TryBind(nint library, string name)
    {
        foreach (var export in RequiredExports)
        {
            // A build without the recovery module lacks the recoverable-signature exports.
            if (!NativeLibrary.TryGetExport(library, export, out _))
            {
                return null;
            }
        }
        var create = (delegate* unmanaged<uint, nint>)NativeLibrary.GetExport(library, "secp256k1_context_create");
        var context = create(ContextSignVerify);
        if (context == 0)
        {
            return null;
        }
        if (NativeLibrary.TryGetExport(library, "secp256k1_context_randomize", out var randomizeExport))
        {
            // Blinding against timing and power side channels; done before the context is shared.
            var randomize = (delegate* unmanaged<nint, byte*, int>)randomizeExport;
            byte* seed = stackalloc byte[32];
            RandomNumberGenerator.Fill(new Span<byte>(seed, 32));
            _ = randomize(context, seed);
            new Span<byte>(seed, 32).Clear();
        }
        return new NativeSecp256k1(library, context, name);
    }

    public override bool TryGetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (privateKey.Length != 32 || publicKey.Length < 64)
        {
            return false;
        }
        byte* pubkey = stackalloc byte[PublicKeyStructSize];
        fixed (byte* key = privateKey)
        {
            if (_pubkeyCreate(_context, pubkey, key) != 1)
            {
                return false;
            }
        }
        return SerializePublicKey(pubkey, publicKey);
    }

    public override bool TrySign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest, Span<byte> signature, out int recoveryId)
    {
        recoveryId = 0;
        if (privateKey.Length != 32 || digest.Length != 32 || signature.Length < 64)
        {
            return false;
        }
        byte* recoverable = stackalloc byte[RecoverableSignatureStructSize];
        int id;
        fixed (byte* key = privateKey)
        fixed (byte* message = digest)
        fixed (byte* output = signature)
        {
            // A null nonce function selects RFC 6979; the signature comes out low-S.
            if (_signRecoverable(_context, recoverable, message, key, 0, 0) != 1)
            {
                return false;
            }
            _ = _serializeCompact(_context, output, &id, recoverable);
        }
        recoveryId = id;
        return true;
    }

    public override bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey)
    {
        // libsecp256k1 aborts the process on an out-of-range recovery id, so it is checked here.
        if (digest.Length != 32 || signature.Length != 64 || (uint)recoveryId > 3 || publicKey.Length < 64)
        {
            return false;
        }
        byte* recoverable = stackalloc byte[RecoverableSignatureStructSize];
        byte* pubkey = stackalloc byte[PublicKeyStructSize];
        fixed (byte* input = signature)
        fixed (byte* message = digest)
        {
            if (_parseCompact(_context, recoverable, input, recoveryId) != 1
                || _recover(_context, pubkey, recoverable, message) != 1)
            {
                return false;
            }
        }
        return SerializePublicKey(pubkey, publicKey);
    }

    private bool SerializePublicKey(byte* pubkey, Span<byte> publicKey)
    {
        byte* serialized = stackalloc byte[65];
        nuint length = 65;
        if (_pubkeySerialize(_context, serialized, &length, pubkey, EcUncompressed) != 1 || length != 65)
        {
            return false;
        }
        new ReadOnlySpan<byte>(serialized + 1, 64).CopyTo(publicKey);
        return true;
    }
}
