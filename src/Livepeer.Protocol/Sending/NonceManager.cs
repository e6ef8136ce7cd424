using Livepeer.Protocol.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Livepeer.Protocol;

/// <summary>
/// Hands out nonces per account, safely under concurrency. The first nonce is read from the chain's pending
/// state; later ones are counted locally. A nonce whose send certainly failed is handed out again first, so no
/// gap stalls later transactions; after "nonce too low" or a send whose outcome is unknown, the account is
/// re-read from the chain. Share one instance per account across senders in a process.
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

    /// <summary>Takes the next nonce for <paramref name="account"/>. Report its fate through the lease.</summary>
    public async Task<NonceLease> ReserveAsync(EthAddress account, CancellationToken cancellationToken = default)
    {
        var state = GetState(account);
        if (TryTake(state, out var nonce))
        {
            return new NonceLease(this, account, nonce);
        }
        await state.ChainRead.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!TryTake(state, out nonce))
            {
                await ReadFromChainAsync(account, state, cancellationToken).ConfigureAwait(false);
                TryTake(state, out nonce);
            }
            return new NonceLease(this, account, nonce);
        }
        finally
        {
            state.ChainRead.Release();
        }
    }

    /// <summary>Forgets what is known locally and re-reads the account's pending nonce from the chain.</summary>
    public async Task ResyncAsync(EthAddress account, CancellationToken cancellationToken = default)
    {
        var state = GetState(account);
        await state.ChainRead.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadFromChainAsync(account, state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            state.ChainRead.Release();
        }
    }

    /// <summary>
    /// Held from taking a nonce until its transaction reached the node, so an account's transactions arrive in
    /// nonce order: a node that receives nonce n + 1 before n parks it, and some nodes never pick it up again.
    /// </summary>
    internal SemaphoreSlim GetSendOrder(EthAddress account) => GetState(account).SendOrder;

    internal void Return(EthAddress account, ulong nonce)
    {
        var state = GetState(account);
        lock (state)
        {
            if (state.Next is { } next && nonce < next)
            {
                state.Released.Add(nonce);
            }
        }
    }

    internal void MarkUncertain(EthAddress account)
    {
        var state = GetState(account);
        lock (state)
        {
            state.Next = null;
            state.Released.Clear();
        }
    }

    private static bool TryTake(AccountState state, out ulong nonce)
    {
        lock (state)
        {
            if (state.Next is not { } next)
            {
                nonce = 0;
                return false;
            }
            if (state.Released.Count > 0)
            {
                nonce = state.Released.Min;
                state.Released.Remove(nonce);
            }
            else
            {
                nonce = next;
                state.Next = next + 1;
            }
            return true;
        }
    }

    private async Task ReadFromChainAsync(EthAddress account, AccountState state, CancellationToken cancellationToken)
    {
        var pending = await _rpc.GetTransactionCountAsync(account, BlockParameter.Pending, cancellationToken).ConfigureAwait(false);
        lock (state)
        {
            state.Next = pending;
            state.Released.RemoveWhere(n => n < pending);
        }
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

    private sealed class AccountState
    {
        public SemaphoreSlim ChainRead { get; } = new(1, 1);

        public SemaphoreSlim SendOrder { get; } = new(1, 1);

        public ulong? Next { get; set; }

        public SortedSet<ulong> Released { get; } = [];
    }
}

/// <summary>A nonce taken from a <see cref="NonceManager"/>. Dispose it without <see cref="Commit"/> to hand the nonce back.</summary>
public sealed class NonceLease : IDisposable
{
    private readonly NonceManager _owner;
    private int _settled;

    internal NonceLease(NonceManager owner, EthAddress account, ulong nonce)
    {
        _owner = owner;
        Account = account;
        Nonce = nonce;
    }

    /// <summary>The account.</summary>
    public EthAddress Account { get; }

    /// <summary>The nonce to use.</summary>
    public ulong Nonce { get; }

    /// <summary>The transaction with this nonce reached the node; the nonce is used.</summary>
    public void Commit() => Interlocked.Exchange(ref _settled, 1);

    /// <summary>The send may or may not have reached the node; the account is re-read before the next nonce.</summary>
    public void MarkUncertain()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _owner.MarkUncertain(Account);
        }
    }

    /// <summary>Hands the nonce back unless it was committed or marked uncertain.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _owner.Return(Account, Nonce);
        }
    }
}
