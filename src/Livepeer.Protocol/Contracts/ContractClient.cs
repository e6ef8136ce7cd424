namespace Livepeer.Protocol;

/// <summary>
/// The base of the typed protocol contract clients. Reads go through <c>eth_call</c>; writes are signed, sent
/// and awaited. Every failure names the contract and the function: reverts as <see cref="ContractRevertException"/>
/// (decoded with the contract's own custom errors), everything else as <see cref="ContractCallException"/>.
/// </summary>
public abstract class ContractClient
{
    private readonly IReadOnlyList<AbiError> _errors;

    private protected ContractClient(ProtocolContext context, string contractName, EthAddress address, IReadOnlyList<AbiError>? errors = null)
    {
        Context = context;
        ContractName = contractName;
        Address = address;
        _errors = errors ?? [];
    }

    /// <summary>The contract's name in the Controller registry (e.g. <c>BondingManager</c>).</summary>
    public string ContractName { get; }

    /// <summary>The address called: the proxy, for proxied contracts.</summary>
    public EthAddress Address { get; }

    private protected ProtocolContext Context { get; }

    /// <summary>Calls a view function and returns its decoded outputs.</summary>
    private protected async Task<object?[]> CallAsync(AbiFunction function, object?[] arguments, BlockParameter block, CancellationToken cancellationToken)
    {
        var data = Encode(function, arguments);
        byte[] output;
        try
        {
            output = await Context.Rpc.CallAsync(
                new CallRequest { From = Context.Sender?.Signer.Address, To = Address, Data = data },
                block,
                cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException ex)
        {
            throw Revert(function, ex);
        }
        catch (LivepeerProtocolException ex)
        {
            throw Failed(function, ex);
        }
        if (output.Length == 0 && function.Outputs.Count > 0)
        {
            await ThrowIfNoCodeAsync(function, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return function.DecodeOutput(output);
        }
        catch (EthereumFormatException ex)
        {
            throw new ContractCallException(ContractName, function.Name, ProtocolErrorCode.ContractCallFailed,
                $"{ContractName}.{function.Name} at {Address} returned data that does not decode as ({string.Join(",", function.Outputs.Select(o => o.Type.CanonicalName))}): {ex.Message}",
                innerException: ex);
        }
    }

    /// <summary>Calls a view function with one output.</summary>
    private protected async Task<T> CallAsync<T>(AbiFunction function, object?[] arguments, BlockParameter block, CancellationToken cancellationToken)
    {
        var outputs = await CallAsync(function, arguments, block, cancellationToken).ConfigureAwait(false);
        return outputs[0] is T value
            ? value
            : throw new ContractCallException(ContractName, function.Name, ProtocolErrorCode.ContractCallFailed,
                $"{ContractName}.{function.Name} returned {outputs[0]?.GetType().Name ?? "null"}, not {typeof(T).Name}.");
    }

    /// <summary>Signs and sends a call to a state-changing function, then waits for its receipt.</summary>
    private protected async Task<TransactionReceipt> SendAsync(AbiFunction function, object?[] arguments, Wei value, CancellationToken cancellationToken)
    {
        var sender = Context.Sender ?? throw new ContractCallException(ContractName, function.Name, ProtocolErrorCode.NoSigner,
            $"{ContractName}.{function.Name} changes state and needs a signer; this client was created without one.");
        var data = Encode(function, arguments);
        try
        {
            return await sender.SendAndWaitAsync(new TransactionRequest { To = Address, Data = data, Value = value }, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException ex)
        {
            throw Revert(function, ex);
        }
        catch (LivepeerProtocolException ex)
        {
            throw Failed(function, ex);
        }
    }

    /// <inheritdoc cref="SendAsync(AbiFunction, object?[], Wei, CancellationToken)"/>
    private protected Task<TransactionReceipt> SendAsync(AbiFunction function, object?[] arguments, CancellationToken cancellationToken)
        => SendAsync(function, arguments, Wei.Zero, cancellationToken);

    /// <summary>The typed events this contract emits; null when it has none modelled.</summary>
    private protected virtual EventCatalog? Events => null;

    /// <summary>The events of <paramref name="receipt"/> that this contract emitted, decoded; logs of other contracts and unknown events are skipped.</summary>
    public IReadOnlyList<ProtocolEvent> DecodeEvents(TransactionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var decoded = new List<ProtocolEvent>();
        if (Events is { } catalog)
        {
            foreach (var log in receipt.Logs)
            {
                if (log.Address == Address && catalog.TryDecode(log, out var protocolEvent))
                {
                    decoded.Add(protocolEvent);
                }
            }
        }
        return decoded;
    }

    private byte[] Encode(AbiFunction function, object?[] arguments)
    {
        try
        {
            return function.EncodeCall(arguments);
        }
        catch (EthereumFormatException ex)
        {
            throw new ArgumentException($"{ContractName}.{function.Name}: {ex.Message}", nameof(arguments), ex);
        }
    }

    private async Task ThrowIfNoCodeAsync(AbiFunction function, CancellationToken cancellationToken)
    {
        byte[] code;
        try
        {
            code = await Context.Rpc.GetCodeAsync(Address, BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex)
        {
            throw Failed(function, ex);
        }
        if (code.Length == 0)
        {
            throw new ContractCallException(ContractName, function.Name, ProtocolErrorCode.NoContractCode,
                $"{ContractName}.{function.Name}: there is no contract at {Address} on this chain. Check the {ContractName} address and the chain the RPC endpoint serves.");
        }
    }

    private ContractRevertException Revert(AbiFunction function, ContractRevertException revert)
    {
        var decoded = revert.Kind == RevertKind.Unknown && _errors.Count > 0 ? RevertDecoder.Decode(revert.RevertData, _errors) : revert;
        var why = decoded.Kind switch
        {
            RevertKind.Error => decoded.Reason,
            RevertKind.Custom => decoded.Message,
            _ => revert.Message,
        };
        return new ContractRevertException(
            decoded.Kind,
            $"{ContractName}.{function.Name} reverted: {why}",
            decoded.RevertData,
            decoded.Reason,
            decoded.PanicCode,
            decoded.ErrorName,
            decoded.ErrorArguments,
            revert)
        {
            TransactionHash = revert.TransactionHash,
            ContractName = ContractName,
            FunctionName = function.Name,
        };
    }

    private ContractCallException Failed(AbiFunction function, LivepeerProtocolException inner)
        => new(ContractName, function.Name, inner.ErrorCode, $"{ContractName}.{function.Name} at {Address} failed: {inner.Message}", inner.IsTransient, inner);
}
