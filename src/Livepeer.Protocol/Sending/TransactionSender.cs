using System.Numerics;
using Livepeer.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Protocol;

/// <summary>
/// Builds, signs and sends transactions for one account: it assigns nonces (safely under concurrency),
/// estimates gas with a margin, suggests EIP-1559 fees under a cap, waits for receipts with confirmations,
/// surfaces revert reasons, and replaces stuck transactions.
/// </summary>
public sealed class TransactionSender
{
    private readonly EthereumRpcClient _rpc;
    private readonly TransactionSenderOptions _options;
    private readonly ILogger _logger;
    private ulong? _chainId;

    /// <summary>Creates a sender for the account of <paramref name="signer"/>.</summary>
    /// <param name="rpc">The JSON-RPC client.</param>
    /// <param name="signer">The account's signer.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="nonces">A nonce manager shared with other senders of the same account; a new one when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public TransactionSender(
        EthereumRpcClient rpc,
        ISigner signer,
        TransactionSenderOptions? options = null,
        NonceManager? nonces = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(signer);
        _rpc = rpc;
        Signer = signer;
        _options = options ?? new TransactionSenderOptions();
        _options.Validate();
        Nonces = nonces ?? new NonceManager(rpc, loggerFactory);
        _logger = loggerFactory?.CreateLogger<TransactionSender>() ?? NullLogger<TransactionSender>.Instance;
    }

    /// <summary>The account's signer.</summary>
    public ISigner Signer { get; }

    /// <summary>The nonce manager in use.</summary>
    public NonceManager Nonces { get; }

    /// <summary>
    /// Suggests fees: the priority fee from <c>eth_maxPriorityFeePerGas</c> (or the fallback), and a max fee of
    /// <see cref="TransactionSenderOptions.BaseFeeMultiplier"/> × base fee + priority fee, lowered to the cap.
    /// </summary>
    /// <exception cref="LivepeerProtocolException">With <see cref="ProtocolErrorCode.FeeCapExceeded"/> when the base fee alone is above the cap.</exception>
    public async Task<FeeSuggestion> SuggestFeesAsync(CancellationToken cancellationToken = default)
    {
        var latest = await _rpc.GetBlockByNumberAsync(BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        var cap = _options.MaxFeePerGasCap;
        if (latest?.BaseFeePerGas is not { } baseFee)
        {
            var gasPrice = await _rpc.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
            if (cap is { } legacyCap && gasPrice > legacyCap)
            {
                throw FeeCapExceeded($"The gas price {gasPrice.ToString(EtherUnit.Gwei)} gwei is above the cap of {legacyCap.ToString(EtherUnit.Gwei)} gwei (MaxFeePerGasCap).");
            }
            return new FeeSuggestion(null, gasPrice, gasPrice);
        }
        Wei priority;
        try
        {
            priority = await _rpc.GetMaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException ex) when (ex.ErrorCode == ProtocolErrorCode.RpcError)
        {
            priority = _options.FallbackPriorityFee;
        }
        var maxFee = new Wei(baseFee.Value * _options.BaseFeeMultiplier + priority.Value);
        if (cap is { } c)
        {
            if (baseFee > c)
            {
                throw FeeCapExceeded($"The base fee {baseFee.ToString(EtherUnit.Gwei)} gwei is above the cap of {c.ToString(EtherUnit.Gwei)} gwei (MaxFeePerGasCap); the transaction could not be included now.");
            }
            if (maxFee > c)
            {
                maxFee = c;
            }
            if (priority > maxFee)
            {
                priority = maxFee;
            }
        }
        return new FeeSuggestion(baseFee, maxFee, priority);
    }

    /// <summary>Fills in gas, fees and nonce, signs, and sends once. Returns when the node has accepted the transaction.</summary>
    /// <exception cref="ContractRevertException">Gas estimation showed the transaction would revert; the reason is decoded.</exception>
    /// <exception cref="JsonRpcException">The node refused the transaction (insufficient funds, underpriced, …).</exception>
    public async Task<SentTransaction> SendAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chainId = await GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        var gasLimit = request.GasLimit ?? await EstimateGasLimitAsync(request, cancellationToken).ConfigureAwait(false);
        var (maxFee, priority, legacy) = await ResolveFeesAsync(request, cancellationToken).ConfigureAwait(false);

        var filled = request with { GasLimit = gasLimit, MaxFeePerGas = maxFee, MaxPriorityFeePerGas = priority };
        if (filled.Nonce is not null)
        {
            var signed = await BuildAndSignAsync(chainId, filled, legacy, cancellationToken).ConfigureAwait(false);
            await SendSignedAsync(signed, cancellationToken).ConfigureAwait(false);
            return Describe(signed, filled, legacy, replaces: null);
        }
        using var slot = await Nonces.EnterAsync(Signer.Address, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var numbered = filled with { Nonce = slot.Nonce };
            var signed = await BuildAndSignAsync(chainId, numbered, legacy, cancellationToken).ConfigureAwait(false);
            try
            {
                await SendSignedAsync(signed, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonRpcException ex) when (ex.RpcCode is not null && ex.ErrorCode is ProtocolErrorCode.NonceTooLow or ProtocolErrorCode.ReplacementUnderpriced)
            {
                // The chain or the pool already holds a transaction with this nonce, sent from elsewhere.
                if (attempt >= _options.MaxNonceRetries)
                {
                    slot.MarkUncertain();
                    throw;
                }
                Log.NonceTooLow(_logger, Signer.Address, slot.Nonce, attempt + 1);
                await slot.ResyncAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (JsonRpcException ex) when (ex.RpcCode is not null)
            {
                // The node answered with a refusal: the nonce is still free.
                throw;
            }
            catch (Exception ex)
            {
                // Cancelled or cut off after the request left: the node may hold the transaction.
                Log.SendUncertain(_logger, Signer.Address, slot.Nonce, ex);
                slot.MarkUncertain();
                throw;
            }
            slot.Commit();
            return Describe(signed, numbered, legacy, replaces: null);
        }
    }

    /// <summary>
    /// Waits for the receipt with <see cref="TransactionSenderOptions.Confirmations"/> confirmations. A failed
    /// transaction is replayed to recover its revert reason.
    /// </summary>
    /// <exception cref="ContractRevertException">The transaction reverted; <see cref="ContractRevertException.TransactionHash"/> is set.</exception>
    /// <exception cref="LivepeerProtocolException">With <see cref="ProtocolErrorCode.TransactionTimeout"/>, or <see cref="ProtocolErrorCode.TransactionFailed"/> when it failed without a revert reason (out of gas, say).</exception>
    public async Task<TransactionReceipt> WaitForReceiptAsync(SentTransaction sent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var receipt = await _rpc.WaitForReceiptAsync(sent.Hash, _options.Confirmations, _options.ReceiptTimeout, _options.ReceiptPollInterval, cancellationToken).ConfigureAwait(false);
        if (receipt.Succeeded)
        {
            return receipt;
        }
        var replay = new CallRequest
        {
            From = sent.From,
            To = sent.Request.To,
            Value = sent.Request.Value,
            Data = sent.Request.Data,
            Gas = sent.GasLimit,
        };
        try
        {
            await _rpc.CallAsync(replay, BlockParameter.At(receipt.BlockNumber == 0 ? 0 : receipt.BlockNumber - 1), cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException ex)
        {
            // A pruned node cannot replay old state; the failure stands without its reason.
            throw new LivepeerProtocolException(
                ProtocolErrorCode.TransactionFailed,
                $"Transaction {sent.Hash} failed in block {receipt.BlockNumber} (status 0); replaying it to find the reason failed: {ex.Message}",
                innerException: ex);
        }
        catch (ContractRevertException revert)
        {
            throw new ContractRevertException(revert.Kind, $"Transaction {sent.Hash} reverted in block {receipt.BlockNumber}: {revert.Message}", revert.RevertData, revert.Reason, revert.PanicCode, revert.ErrorName, revert.ErrorArguments, revert)
            {
                TransactionHash = sent.Hash,
            };
        }
        throw new LivepeerProtocolException(
            ProtocolErrorCode.TransactionFailed,
            $"Transaction {sent.Hash} failed in block {receipt.BlockNumber} (status 0, gas used {receipt.GasUsed} of {sent.GasLimit}); replaying it did not revert, so it most likely ran out of gas.");
    }

    /// <summary><see cref="SendAsync"/> then <see cref="WaitForReceiptAsync"/>.</summary>
    public async Task<TransactionReceipt> SendAndWaitAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        var sent = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await WaitForReceiptAsync(sent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Speeds up a pending transaction: the same nonce, gas, recipient, value and data, with both fees raised by
    /// <see cref="TransactionSenderOptions.ReplacementFeeIncreasePercent"/> (or to the current suggestion, if higher).
    /// </summary>
    /// <exception cref="LivepeerProtocolException">With <see cref="ProtocolErrorCode.NonceTooLow"/> when the original (or another transaction with its nonce) was already mined, or <see cref="ProtocolErrorCode.FeeCapExceeded"/> when the raised fee would pass the cap.</exception>
    public async Task<SentTransaction> ReplaceAsync(SentTransaction pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.From != Signer.Address)
        {
            throw new ArgumentException($"The transaction was sent by {pending.From}, not by this sender's account {Signer.Address}.", nameof(pending));
        }
        var chainId = await GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        var percent = 100 + _options.ReplacementFeeIncreasePercent;
        var bumpedMax = Bump(pending.MaxFeePerGas, percent);
        var bumpedPriority = Bump(pending.MaxPriorityFeePerGas, percent);
        FeeSuggestion? current = null;
        try
        {
            current = await SuggestFeesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LivepeerProtocolException ex) when (ex.ErrorCode == ProtocolErrorCode.FeeCapExceeded)
        {
            // The bumped fees alone decide below; the cap check there gives the message.
        }
        var maxFee = current is null || bumpedMax >= current.MaxFeePerGas ? bumpedMax : current.MaxFeePerGas;
        var priority = current is null || bumpedPriority >= current.MaxPriorityFeePerGas ? bumpedPriority : current.MaxPriorityFeePerGas;
        if (pending.IsLegacy)
        {
            priority = maxFee;
        }
        if (_options.MaxFeePerGasCap is { } cap && maxFee > cap)
        {
            throw FeeCapExceeded($"Replacing {pending.Hash} needs a max fee of {maxFee.ToString(EtherUnit.Gwei)} gwei, above the cap of {cap.ToString(EtherUnit.Gwei)} gwei (MaxFeePerGasCap).");
        }
        if (priority > maxFee)
        {
            priority = maxFee;
        }
        var request = pending.Request with { MaxFeePerGas = maxFee, MaxPriorityFeePerGas = priority, Nonce = pending.Nonce, GasLimit = pending.GasLimit };
        try
        {
            var signed = await BuildAndSignAsync(chainId, request, pending.IsLegacy, cancellationToken).ConfigureAwait(false);
            await SendSignedAsync(signed, cancellationToken).ConfigureAwait(false);
            var sent = Describe(signed, request, pending.IsLegacy, pending.Hash);
            Log.TransactionReplaced(_logger, pending.Hash, sent.Hash, sent.Nonce, maxFee.Value);
            return sent;
        }
        catch (JsonRpcException ex) when (ex.ErrorCode == ProtocolErrorCode.NonceTooLow)
        {
            throw new LivepeerProtocolException(ProtocolErrorCode.NonceTooLow, $"Transaction {pending.Hash} cannot be replaced: nonce {pending.Nonce} was already mined.", innerException: ex);
        }
    }

    private async Task SendSignedAsync(SignedTransaction signed, CancellationToken cancellationToken)
    {
        try
        {
            await _rpc.SendRawTransactionAsync(signed.RawBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException ex) when (ex.Message.Contains("already known", StringComparison.OrdinalIgnoreCase))
        {
            // The node already holds this exact transaction: it was sent.
        }
        ProtocolTelemetry.TransactionsSent.Add(1);
        Log.TransactionSent(_logger, signed.Hash, Signer.Address, signed.Nonce);
    }

    private SentTransaction Describe(SignedTransaction signed, TransactionRequest request, bool legacy, string? replaces) => new()
    {
        Hash = signed.Hash,
        From = Signer.Address,
        Nonce = signed.Nonce,
        GasLimit = signed.GasLimit,
        MaxFeePerGas = request.MaxFeePerGas!.Value,
        MaxPriorityFeePerGas = request.MaxPriorityFeePerGas!.Value,
        IsLegacy = legacy,
        Request = request,
        RawTransaction = signed.RawBytes.ToArray(),
        Replaces = replaces,
    };

    private Task<SignedTransaction> BuildAndSignAsync(ulong chainId, TransactionRequest request, bool legacy, CancellationToken cancellationToken)
    {
        if (legacy)
        {
            var tx = new LegacyTransaction
            {
                ChainId = chainId,
                Nonce = request.Nonce!.Value,
                GasPrice = request.MaxFeePerGas!.Value,
                GasLimit = request.GasLimit!.Value,
                To = request.To,
                Value = request.Value,
                Data = request.Data.ToArray(),
            };
            return tx.SignAsync(Signer, cancellationToken);
        }
        var eip1559 = new Eip1559Transaction
        {
            ChainId = chainId,
            Nonce = request.Nonce!.Value,
            MaxPriorityFeePerGas = request.MaxPriorityFeePerGas!.Value,
            MaxFeePerGas = request.MaxFeePerGas!.Value,
            GasLimit = request.GasLimit!.Value,
            To = request.To,
            Value = request.Value,
            Data = request.Data.ToArray(),
        };
        return eip1559.SignAsync(Signer, cancellationToken);
    }

    private async Task<ulong> EstimateGasLimitAsync(TransactionRequest request, CancellationToken cancellationToken)
    {
        var estimate = await _rpc.EstimateGasAsync(
            new CallRequest { From = Signer.Address, To = request.To, Value = request.Value, Data = request.Data },
            cancellationToken).ConfigureAwait(false);
        return (ulong)Math.Ceiling(estimate * _options.GasLimitMargin);
    }

    private async Task<(Wei MaxFee, Wei Priority, bool Legacy)> ResolveFeesAsync(TransactionRequest request, CancellationToken cancellationToken)
    {
        if (request.MaxFeePerGas is { } fixedMax && (request.MaxPriorityFeePerGas is not null || _options.UseLegacyTransactions))
        {
            var fixedPriority = request.MaxPriorityFeePerGas ?? fixedMax;
            if (fixedPriority > fixedMax)
            {
                throw new LivepeerProtocolException(ProtocolErrorCode.InvalidTransaction, $"The priority fee {fixedPriority} wei is above the max fee {fixedMax} wei.");
            }
            if (_options.MaxFeePerGasCap is { } cap && fixedMax > cap)
            {
                throw FeeCapExceeded($"The requested max fee {fixedMax.ToString(EtherUnit.Gwei)} gwei is above the cap of {cap.ToString(EtherUnit.Gwei)} gwei (MaxFeePerGasCap).");
            }
            return (fixedMax, fixedPriority, _options.UseLegacyTransactions);
        }
        var suggestion = await SuggestFeesAsync(cancellationToken).ConfigureAwait(false);
        var legacy = _options.UseLegacyTransactions || suggestion.BaseFeePerGas is null;
        var maxFee = request.MaxFeePerGas ?? suggestion.MaxFeePerGas;
        if (_options.MaxFeePerGasCap is { } limit && maxFee > limit)
        {
            throw FeeCapExceeded($"The requested max fee {maxFee.ToString(EtherUnit.Gwei)} gwei is above the cap of {limit.ToString(EtherUnit.Gwei)} gwei (MaxFeePerGasCap).");
        }
        var priority = request.MaxPriorityFeePerGas ?? (legacy ? maxFee : suggestion.MaxPriorityFeePerGas);
        if (priority > maxFee)
        {
            priority = maxFee;
        }
        return (maxFee, priority, legacy);
    }

    private async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken)
        => _chainId ??= await _rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);

    // At least one wei more, so that a zero priority fee still counts as raised.
    private static Wei Bump(Wei value, int percent) => new(System.Numerics.BigInteger.Max((value.Value * percent + 99) / 100, value.Value + 1));

    private static LivepeerProtocolException FeeCapExceeded(string message) => new(ProtocolErrorCode.FeeCapExceeded, message);
}
