using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>A call (one of a batch, at <paramref name="Index"/>) was scheduled on the timelock.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="Index">The call's position in the batch.</param>
/// <param name="Target">The contract to call.</param>
/// <param name="Value">The ETH to send with the call.</param>
/// <param name="Data">The call data.</param>
/// <param name="Predecessor">The operation that must be done first; all zeros for none.</param>
/// <param name="Delay">The delay before the operation becomes ready.</param>
public sealed record CallScheduledEvent(byte[] Id, BigInteger Index, EthAddress Target, Wei Value, byte[] Data, byte[] Predecessor, TimeSpan Delay) : ProtocolEvent;

/// <summary>A scheduled call was executed.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="Index">The call's position in the batch.</param>
/// <param name="Target">The contract called.</param>
/// <param name="Value">The ETH sent.</param>
/// <param name="Data">The call data.</param>
public sealed record CallExecutedEvent(byte[] Id, BigInteger Index, EthAddress Target, Wei Value, byte[] Data) : ProtocolEvent;

/// <summary>An operation was scheduled with a non-zero salt (for a governor proposal, its description hash).</summary>
/// <param name="Id">The operation id.</param>
/// <param name="Salt">The salt.</param>
public sealed record CallSaltEvent(byte[] Id, byte[] Salt) : ProtocolEvent;

/// <summary>A scheduled operation was cancelled.</summary>
/// <param name="Id">The operation id.</param>
public sealed record CancelledEvent(byte[] Id) : ProtocolEvent;

/// <summary>The timelock's minimum delay changed.</summary>
/// <param name="OldDuration">The previous minimum delay.</param>
/// <param name="NewDuration">The new minimum delay.</param>
public sealed record MinDelayChangeEvent(TimeSpan OldDuration, TimeSpan NewDuration) : ProtocolEvent;

/// <summary>
/// The Treasury: an OpenZeppelin TimelockController that holds the LPT contributed by reward calls (LIP-92) and
/// executes the LivepeerGovernor's proposals. Operations are identified by
/// <c>keccak256(abi.encode(...))</c> of their calls, predecessor and salt (<see cref="ComputeOperationId"/>,
/// <see cref="ComputeBatchOperationId"/>). Its times are in seconds of block time.
/// </summary>
public sealed class TreasuryClient : ContractClient
{
    private static readonly AbiType[] OperationLayout = [AbiType.Address, AbiType.UInt256, AbiType.Bytes, AbiType.Bytes32, AbiType.Bytes32];
    private static readonly AbiType[] BatchLayout =
        [AbiType.DynamicArray(AbiType.Address), AbiType.DynamicArray(AbiType.UInt256), AbiType.DynamicArray(AbiType.Bytes), AbiType.Bytes32, AbiType.Bytes32];

    private static readonly AbiFunction GetMinDelayFunction = AbiFunction.Parse("function getMinDelay() view returns (uint256)");
    private static readonly AbiFunction IsOperationFunction = AbiFunction.Parse("function isOperation(bytes32 id) view returns (bool)");
    private static readonly AbiFunction IsOperationPendingFunction = AbiFunction.Parse("function isOperationPending(bytes32 id) view returns (bool)");
    private static readonly AbiFunction IsOperationReadyFunction = AbiFunction.Parse("function isOperationReady(bytes32 id) view returns (bool)");
    private static readonly AbiFunction IsOperationDoneFunction = AbiFunction.Parse("function isOperationDone(bytes32 id) view returns (bool)");
    private static readonly AbiFunction GetTimestampFunction = AbiFunction.Parse("function getTimestamp(bytes32 id) view returns (uint256)");
    private static readonly AbiFunction HashOperationFunction = AbiFunction.Parse("function hashOperation(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt) pure returns (bytes32)");
    private static readonly AbiFunction HashOperationBatchFunction = AbiFunction.Parse("function hashOperationBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) pure returns (bytes32)");
    private static readonly AbiFunction ScheduleFunction = AbiFunction.Parse("function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)");
    private static readonly AbiFunction ScheduleBatchFunction = AbiFunction.Parse("function scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay)");
    private static readonly AbiFunction ExecuteFunction = AbiFunction.Parse("function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt) payable");
    private static readonly AbiFunction ExecuteBatchFunction = AbiFunction.Parse("function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) payable");
    private static readonly AbiFunction CancelFunction = AbiFunction.Parse("function cancel(bytes32 id)");
    private static readonly AbiFunction HasRoleFunction = AbiFunction.Parse("function hasRole(bytes32 role, address account) view returns (bool)");

    private static readonly byte[] ProposerRoleId = Keccak256.Hash("PROPOSER_ROLE");
    private static readonly byte[] ExecutorRoleId = Keccak256.Hash("EXECUTOR_ROLE");
    private static readonly byte[] CancellerRoleId = Keccak256.Hash("CANCELLER_ROLE");
    private static readonly byte[] TimelockAdminRoleId = Keccak256.Hash("TIMELOCK_ADMIN_ROLE");

    internal TreasuryClient(ProtocolContext context, EthAddress address)
        : base(context, "Treasury", address)
    {
    }

    /// <summary>The role allowed to schedule operations (held by the LivepeerGovernor).</summary>
    public static ReadOnlyMemory<byte> ProposerRole => ProposerRoleId;

    /// <summary>The role allowed to execute ready operations (held by the LivepeerGovernor).</summary>
    public static ReadOnlyMemory<byte> ExecutorRole => ExecutorRoleId;

    /// <summary>The role allowed to cancel pending operations (held by the LivepeerGovernor).</summary>
    public static ReadOnlyMemory<byte> CancellerRole => CancellerRoleId;

    /// <summary>The role that administers the others.</summary>
    public static ReadOnlyMemory<byte> TimelockAdminRole => TimelockAdminRoleId;

    /// <summary>The timelock's events.</summary>
    internal static EventCatalog EventCatalog { get; } = new EventCatalog()
        .Add("CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)",
            (e, log) => new CallScheduledEvent(
                (byte[])e["id"]!,
                (BigInteger)e["index"]!,
                (EthAddress)e["target"]!,
                new Wei((BigInteger)e["value"]!),
                (byte[])e["data"]!,
                (byte[])e["predecessor"]!,
                ContractNumbers.EventSeconds(e["delay"], "CallScheduled", "delay")) { Log = log })
        .Add("CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data)",
            (e, log) => new CallExecutedEvent((byte[])e["id"]!, (BigInteger)e["index"]!, (EthAddress)e["target"]!, new Wei((BigInteger)e["value"]!), (byte[])e["data"]!) { Log = log })
        .Add("CallSalt(bytes32 indexed id, bytes32 salt)",
            (e, log) => new CallSaltEvent((byte[])e["id"]!, (byte[])e["salt"]!) { Log = log })
        .Add("Cancelled(bytes32 indexed id)",
            (e, log) => new CancelledEvent((byte[])e["id"]!) { Log = log })
        .Add("MinDelayChange(uint256 oldDuration, uint256 newDuration)",
            (e, log) => new MinDelayChangeEvent(
                ContractNumbers.EventSeconds(e["oldDuration"], "MinDelayChange", "oldDuration"),
                ContractNumbers.EventSeconds(e["newDuration"], "MinDelayChange", "newDuration")) { Log = log });

    private protected override EventCatalog? Events => EventCatalog;

    /// <summary>
    /// The id of a single-call operation, as <c>hashOperation</c> computes it:
    /// <c>keccak256(abi.encode(target, value, data, predecessor, salt))</c>.
    /// </summary>
    /// <exception cref="EthereumFormatException">The predecessor or salt is not 32 bytes.</exception>
    public static byte[] ComputeOperationId(EthAddress target, Wei value, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> predecessor, ReadOnlyMemory<byte> salt)
        => Keccak256.Hash(AbiCodec.Encode(OperationLayout, [target, value, data, predecessor, salt]));

    /// <summary>
    /// The id of a batch operation, as <c>hashOperationBatch</c> computes it:
    /// <c>keccak256(abi.encode(targets, values, payloads, predecessor, salt))</c>. A LivepeerGovernor proposal's
    /// operation has no predecessor and its description hash as the salt (<see cref="GovernorProposal.TimelockOperationId"/>).
    /// </summary>
    /// <exception cref="EthereumFormatException">The predecessor or salt is not 32 bytes.</exception>
    public static byte[] ComputeBatchOperationId(
        IReadOnlyList<EthAddress> targets,
        IReadOnlyList<Wei> values,
        IReadOnlyList<byte[]> payloads,
        ReadOnlyMemory<byte> predecessor,
        ReadOnlyMemory<byte> salt)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(payloads);
        return Keccak256.Hash(AbiCodec.Encode(BatchLayout, [targets, values, payloads, predecessor, salt]));
    }

    /// <summary>The minimum delay between scheduling an operation and executing it.</summary>
    public async Task<TimeSpan> GetMinDelayAsync(CancellationToken cancellationToken = default)
        => this.ToSeconds(await CallAsync<BigInteger>(GetMinDelayFunction, [], BlockParameter.Latest, cancellationToken).ConfigureAwait(false), GetMinDelayFunction.Name);

    /// <summary>True when the operation was ever scheduled (pending, ready or done).</summary>
    public Task<bool> IsOperationAsync(ReadOnlyMemory<byte> id, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsOperationFunction, [id], BlockParameter.Latest, cancellationToken);

    /// <summary>True when the operation is scheduled and not yet done (it may be ready).</summary>
    public Task<bool> IsOperationPendingAsync(ReadOnlyMemory<byte> id, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsOperationPendingFunction, [id], BlockParameter.Latest, cancellationToken);

    /// <summary>True when the operation's delay has passed and it can be executed.</summary>
    public Task<bool> IsOperationReadyAsync(ReadOnlyMemory<byte> id, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsOperationReadyFunction, [id], BlockParameter.Latest, cancellationToken);

    /// <summary>True when the operation was executed.</summary>
    public Task<bool> IsOperationDoneAsync(ReadOnlyMemory<byte> id, CancellationToken cancellationToken = default)
        => CallAsync<bool>(IsOperationDoneFunction, [id], BlockParameter.Latest, cancellationToken);

    /// <summary>
    /// The raw timestamp the timelock stores for an operation: 0 when unknown, 1 when done, otherwise the Unix time
    /// in seconds at which it becomes ready.
    /// </summary>
    public Task<BigInteger> GetTimestampAsync(ReadOnlyMemory<byte> id, CancellationToken cancellationToken = default)
        => CallAsync<BigInteger>(GetTimestampFunction, [id], BlockParameter.Latest, cancellationToken);

    /// <summary>The id of a single-call operation as the contract computes it; <see cref="ComputeOperationId"/> gives the same without a call.</summary>
    public Task<byte[]> HashOperationAsync(EthAddress target, Wei value, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> predecessor, ReadOnlyMemory<byte> salt, CancellationToken cancellationToken = default)
        => CallAsync<byte[]>(HashOperationFunction, [target, value, data, predecessor, salt], BlockParameter.Latest, cancellationToken);

    /// <summary>The id of a batch operation as the contract computes it; <see cref="ComputeBatchOperationId"/> gives the same without a call.</summary>
    public Task<byte[]> HashOperationBatchAsync(
        IReadOnlyList<EthAddress> targets,
        IReadOnlyList<Wei> values,
        IReadOnlyList<byte[]> payloads,
        ReadOnlyMemory<byte> predecessor,
        ReadOnlyMemory<byte> salt,
        CancellationToken cancellationToken = default)
        => CallAsync<byte[]>(HashOperationBatchFunction, [targets, values, payloads, predecessor, salt], BlockParameter.Latest, cancellationToken);

    /// <summary>Schedules a single call (caller needs <see cref="ProposerRole"/>).</summary>
    public Task<TransactionReceipt> ScheduleAsync(EthAddress target, Wei value, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> predecessor, ReadOnlyMemory<byte> salt, TimeSpan delay, CancellationToken cancellationToken = default)
        => SendAsync(ScheduleFunction, [target, value, data, predecessor, salt, Seconds(delay)], cancellationToken);

    /// <summary>Schedules a batch of calls (caller needs <see cref="ProposerRole"/>).</summary>
    public Task<TransactionReceipt> ScheduleBatchAsync(
        IReadOnlyList<EthAddress> targets,
        IReadOnlyList<Wei> values,
        IReadOnlyList<byte[]> payloads,
        ReadOnlyMemory<byte> predecessor,
        ReadOnlyMemory<byte> salt,
        TimeSpan delay,
        CancellationToken cancellationToken = default)
        => SendAsync(ScheduleBatchFunction, [targets, values, payloads, predecessor, salt, Seconds(delay)], cancellationToken);

    /// <summary>Executes a ready single-call operation, sending <paramref name="value"/> with it (caller needs <see cref="ExecutorRole"/>).</summary>
    public Task<TransactionReceipt> ExecuteAsync(EthAddress target, Wei value, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> predecessor, ReadOnlyMemory<byte> salt, CancellationToken cancellationToken = default)
        => SendAsync(ExecuteFunction, [target, value, payload, predecessor, salt], value, cancellationToken);

    /// <summary>Executes a ready batch, sending the sum of <paramref name="values"/> with it (caller needs <see cref="ExecutorRole"/>).</summary>
    public Task<TransactionReceipt> ExecuteBatchAsync(
        IReadOnlyList<EthAddress> targets,
        IReadOnlyList<Wei> values,
        IReadOnlyList<byte[]> payloads,
        ReadOnlyMemory<byte> predecessor,
        ReadOnlyMemory<byte> salt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var total = values.Aggregate(Wei.Zero, (sum, v) => sum + v);
        return SendAsync(ExecuteBatchFunction, [targets, values, payloads, predecessor, salt], total, cancellationToken);
    }

    /// <summary>Cancels a pending operation (caller needs <see cref="CancellerRole"/>).</summary>
    public Task<TransactionReceipt> CancelAsync(ReadOnlyMemory<byte> id, CancellationToken cancellationToken = default)
        => SendAsync(CancelFunction, [id], cancellationToken);

    /// <summary>True when <paramref name="account"/> holds <paramref name="role"/> (see <see cref="ProposerRole"/> and the others).</summary>
    public Task<bool> HasRoleAsync(ReadOnlyMemory<byte> role, EthAddress account, CancellationToken cancellationToken = default)
        => CallAsync<bool>(HasRoleFunction, [role, account], BlockParameter.Latest, cancellationToken);

    // Rounded up: a delay shortened by a fraction of a second could fall below what the caller meant to wait.
    private static BigInteger Seconds(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return (new BigInteger(delay.Ticks) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
    }
}
