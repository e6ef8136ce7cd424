using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>How the data of a revert was decoded.</summary>
public enum RevertKind
{
    /// <summary>The revert carried no data (a bare <c>revert()</c> or <c>require</c> without a message).</summary>
    Empty = 0,
    /// <summary><c>Error(string)</c>: <see cref="ContractRevertException.Reason"/> holds the message.</summary>
    Error = 1,
    /// <summary><c>Panic(uint256)</c>: <see cref="ContractRevertException.PanicCode"/> holds the code.</summary>
    Panic = 2,
    /// <summary>A custom error whose selector was known: <see cref="ContractRevertException.ErrorName"/> and <see cref="ContractRevertException.ErrorArguments"/> are set.</summary>
    Custom = 3,
    /// <summary>Data that matched no known error; <see cref="ContractRevertException.RevertData"/> holds it raw.</summary>
    Unknown = 4,
}

/// <summary>A call or transaction reverted. The message always says why, as far as the revert data tells.</summary>
public sealed class ContractRevertException : LivepeerProtocolException
{
    /// <summary>Creates the exception from decoded revert data.</summary>
    public ContractRevertException(
        RevertKind kind,
        string message,
        byte[] data,
        string? reason = null,
        BigInteger? panicCode = null,
        string? errorName = null,
        IReadOnlyList<object?>? errorArguments = null,
        Exception? innerException = null)
        : base(ProtocolErrorCode.ExecutionReverted, message, isTransient: false, innerException)
    {
        Kind = kind;
        RevertData = data;
        Reason = reason;
        PanicCode = panicCode;
        ErrorName = errorName;
        ErrorArguments = errorArguments ?? [];
    }

    /// <summary>How the revert data was decoded.</summary>
    public RevertKind Kind { get; }

    /// <summary>The raw revert data (may be empty).</summary>
    public byte[] RevertData { get; }

    /// <summary>The <c>Error(string)</c> message, when there was one.</summary>
    public string? Reason { get; }

    /// <summary>The <c>Panic(uint256)</c> code, when it was a panic (0x11 overflow, 0x12 division by zero, …).</summary>
    public BigInteger? PanicCode { get; }

    /// <summary>The name of the custom error, when its selector was known.</summary>
    public string? ErrorName { get; }

    /// <summary>The decoded arguments of the custom error.</summary>
    public IReadOnlyList<object?> ErrorArguments { get; }

    /// <summary>The hash of the transaction that reverted, when it was a mined transaction.</summary>
    public string? TransactionHash { get; init; }

    /// <summary>The protocol contract that reverted, when the call went through a typed client (e.g. <c>BondingManager</c>).</summary>
    public string? ContractName { get; init; }

    /// <summary>The function that reverted, when the call went through a typed client (e.g. <c>bond</c>).</summary>
    public string? FunctionName { get; init; }
}

/// <summary>The JSON-RPC endpoint answered with an error object, or could not be reached.</summary>
public sealed class JsonRpcException : LivepeerProtocolException
{
    /// <summary>Creates the exception.</summary>
    public JsonRpcException(ProtocolErrorCode errorCode, string message, int? rpcCode = null, string? method = null, bool isTransient = false, Exception? innerException = null)
        : base(errorCode, message, isTransient, innerException)
    {
        RpcCode = rpcCode;
        Method = method;
    }

    /// <summary>The JSON-RPC error code (for example −32000), when the endpoint sent one.</summary>
    public int? RpcCode { get; }

    /// <summary>The JSON-RPC method that failed.</summary>
    public string? Method { get; }
}

/// <summary>A call to a protocol contract failed for a reason other than a revert. The message names the contract and the function.</summary>
public sealed class ContractCallException : LivepeerProtocolException
{
    /// <summary>Creates the exception; <paramref name="errorCode"/> and transience usually come from the inner exception.</summary>
    public ContractCallException(string contractName, string functionName, ProtocolErrorCode errorCode, string message, bool isTransient = false, Exception? innerException = null)
        : base(errorCode, message, isTransient, innerException)
    {
        ContractName = contractName;
        FunctionName = functionName;
    }

    /// <summary>The contract called (e.g. <c>Controller</c>).</summary>
    public string ContractName { get; }

    /// <summary>The function called (e.g. <c>getContract</c>).</summary>
    public string FunctionName { get; }
}
