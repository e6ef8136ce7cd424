using Livepeer.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Protocol;

/// <summary>
/// Tracks the next nonce of each account and puts the account's sends in order. The first nonce is read from
/// the chain's pending state; later ones are counted locally, advancing only when the node accepted a
/// transaction. After "nonce too low", or a send whose outcome is unknown, the account is read again.
/// Share one instance between the senders of an account in a process.
/// </summary>
public sealed class NonceManager
{
    private readonly EthereumRpcClient _rpc;
    private readonly ILogger _logger;
    private readonly Dictionary<EthAddress, AccountState> _accounts = [];

    /// <summary>Creates a manager that reads nonces through <paramref name="rpc"/>.</summary>
    public NonceManager(EthereumRpcClient rpc, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
        _logger = loggerFactory?.CreateLogger<NonceManager>() ?? NullLogger<NonceManager>.Instance;
    }

    /// <summary>Forgets the local count and reads the account's pending nonce from the chain, between two sends.</summary>
    public async Task ResyncAsync(EthAddress account, CancellationToken cancellationToken = default)
    {
        using var slot = await EnterAsync(account, readIfUnknown: false, cancellationToken).ConfigureAwait(false);
        await slot.ResyncAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the account's turn and returns a slot holding its next nonce. The slot is held from taking the
    /// nonce until the transaction reached the node, so an account's transactions arrive in nonce order: a node
    /// that receives nonce n + 1 before n parks it, and some nodes never pick it up again.
    /// </summary>
    internal Task<NonceSlot> EnterAsync(EthAddress account, CancellationToken cancellationToken)
        => EnterAsync(account, readIfUnknown: true, cancellationToken);

    private async Task<NonceSlot> EnterAsync(EthAddress account, bool readIfUnknown, CancellationToken cancellationToken)
    {
        var state = GetState(account);
        await state.Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        var slot = new NonceSlot(this, account, state);
        try
        {
            if (readIfUnknown && state.Next is null)
            {
                await slot.ResyncAsync(cancellationToken).ConfigureAwait(false);
            }
            return slot;
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    internal async Task ReadFromChainAsync(EthAddress account, AccountState state, CancellationToken cancellationToken)
    {
        var pending = await _rpc.GetTransactionCountAsync(account, BlockParameter.Pending, cancellationToken).ConfigureAwait(false);
        state.Next = pending;
        ProtocolTelemetry.NonceResyncs.Add(1);
        Log.NonceResynced(_logger, account, pending);
    }

    private AccountState GetState(EthAddress account)
    {
        lock (_accounts)
        {
            if (!_accounts.TryGetValue(account, out var state))
            {
                state = new AccountState();
                _accounts[account] = state;
            }
            return state;
        }
    }

    /// <summary>One account's count. <see cref="Next"/> is only touched by the holder of <see cref="Turn"/>.</summary>
    internal sealed class AccountState
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public ulong? Next { get; set; }
    }
}

/// <summary>An account's turn to send, with the nonce to use. Disposing it lets the next send go.</summary>
internal sealed class NonceSlot : IDisposable
{
    private readonly NonceManager _owner;
    private readonly EthAddress _account;
    private readonly NonceManager.AccountState _state;
    private int _disposed;

    public NonceSlot(NonceManager owner, EthAddress account, NonceManager.AccountState state)
    {
        _owner = owner;
        _account = account;
        _state = state;
    }

    public ulong Nonce => _state.Next ?? throw new InvalidOperationException("The nonce is unknown; resync first.");

    /// <summary>The node accepted a transaction with <see cref="Nonce"/>.</summary>
    public void Commit() => _state.Next = Nonce + 1;

    /// <summary>The send may or may not have reached the node: read the chain before the next nonce.</summary>
    public void MarkUncertain() => _state.Next = null;

    public Task ResyncAsync(CancellationToken cancellationToken) => _owner.ReadFromChainAsync(_account, _state, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _state.Turn.Release();
        }
    }
}
