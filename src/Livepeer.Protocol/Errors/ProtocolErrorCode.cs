namespace Livepeer.Protocol;

/// <summary>Stable codes for every failure raised by <c>Livepeer.Protocol</c>. The names are public API.</summary>
public enum ProtocolErrorCode
{
    /// <summary>Text that should be hexadecimal is not (odd length, a bad digit, a missing prefix where one is needed).</summary>
    InvalidHex = 1,
    /// <summary>An address has the wrong length or is not hexadecimal.</summary>
    InvalidAddress = 2,
    /// <summary>A mixed-case address does not match its EIP-55 checksum.</summary>
    InvalidAddressChecksum = 3,
    /// <summary>An amount or unit could not be parsed, or is out of range.</summary>
    InvalidAmount = 4,
    /// <summary>A signature has the wrong length, a high S, a bad recovery id, or does not recover.</summary>
    InvalidSignature = 5,
    /// <summary>A private key is zero, out of range or of the wrong length.</summary>
    InvalidPrivateKey = 6,
    /// <summary>ABI data is malformed: truncated, an offset or length out of range, a value that does not fit its type.</summary>
    InvalidAbiData = 7,
    /// <summary>An ABI type string cannot be parsed, or a value does not match its type.</summary>
    InvalidAbiType = 8,
    /// <summary>RLP data is malformed: truncated, non-canonical or with trailing bytes.</summary>
    InvalidRlp = 9,
    /// <summary>A transaction is malformed or cannot be signed as built.</summary>
    InvalidTransaction = 10,
    /// <summary>EIP-712 typed data is malformed (an unknown type, a missing field).</summary>
    InvalidTypedData = 11,
    /// <summary>The JSON-RPC endpoint answered with an error object.</summary>
    RpcError = 20,
    /// <summary>The JSON-RPC endpoint could not be reached, or answered with something that is not JSON-RPC.</summary>
    RpcTransport = 21,
    /// <summary>A call or a transaction reverted. See <see cref="ContractRevertException"/>.</summary>
    ExecutionReverted = 22,
    /// <summary>The node rejected a transaction because its nonce was already used.</summary>
    NonceTooLow = 23,
    /// <summary>The account cannot pay for the transaction's value and gas.</summary>
    InsufficientFunds = 24,
    /// <summary>A replacement transaction did not raise the fees enough.</summary>
    ReplacementUnderpriced = 25,
    /// <summary>A transaction was not mined, or not confirmed, in the time allowed.</summary>
    TransactionTimeout = 26,
    /// <summary>A mined transaction failed (receipt status 0).</summary>
    TransactionFailed = 27,
    /// <summary>The suggested fee is above the configured cap.</summary>
    FeeCapExceeded = 28,
    /// <summary>A contract name is not registered in the Controller (it resolves to the zero address).</summary>
    UnknownContract = 30,
    /// <summary>The address called has no code: not a contract on this chain, or the wrong address.</summary>
    NoContractCode = 31,
    /// <summary>A contract call failed for a reason other than a revert (transport, malformed answer); see the inner exception.</summary>
    ContractCallFailed = 32,
    /// <summary>A write was asked of a client that has no signer.</summary>
    NoSigner = 33,
    /// <summary>The JSON-RPC endpoint serves another chain than the network expects.</summary>
    WrongChain = 34,
    /// <summary>A keystore could not be decrypted with the password given.</summary>
    KeystoreWrongPassword = 40,
    /// <summary>A keystore file is malformed or uses an unsupported cipher or KDF.</summary>
    InvalidKeystore = 41,
}
