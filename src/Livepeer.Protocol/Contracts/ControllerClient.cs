namespace Livepeer.Protocol;

/// <summary>A registered contract: its address and the git commit it was built from.</summary>
/// <param name="Address">The registered address (the zero address when the name is unknown).</param>
/// <param name="GitCommitHash">The 20-byte commit hash recorded at registration.</param>
public sealed record ContractInfo(EthAddress Address, byte[] GitCommitHash);

/// <summary>
/// The Controller: the protocol's registry of contract addresses, keyed by <c>keccak256(name)</c>, and its
/// pause switch.
/// </summary>
public sealed class ControllerClient : ContractClient
{
    private static readonly AbiFunction GetContractFunction = AbiFunction.Parse("function getContract(bytes32 _id) view returns (address)");
    private static readonly AbiFunction GetContractInfoFunction = AbiFunction.Parse("function getContractInfo(bytes32 _id) view returns (address, bytes20)");
    private static readonly AbiFunction PausedFunction = AbiFunction.Parse("function paused() view returns (bool)");
    private static readonly AbiFunction OwnerFunction = AbiFunction.Parse("function owner() view returns (address)");

    internal ControllerClient(ProtocolContext context, EthAddress address)
        : base(context, "Controller", address)
    {
    }

    /// <summary>The registry id of a contract name: <c>keccak256(utf8(name))</c>.</summary>
    public static byte[] ContractId(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Keccak256.Hash(name);
    }

    /// <summary>The address registered under <paramref name="name"/>, or the zero address when none is.</summary>
    public Task<EthAddress> GetContractAsync(string name, CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(GetContractFunction, [ContractId(name)], BlockParameter.Latest, cancellationToken);

    /// <summary>The address registered under <paramref name="name"/>.</summary>
    /// <exception cref="ContractCallException">With <see cref="ProtocolErrorCode.UnknownContract"/> when nothing is registered under that name.</exception>
    public async Task<EthAddress> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        var address = await GetContractAsync(name, cancellationToken).ConfigureAwait(false);
        return address.IsZero
            ? throw new ContractCallException(ContractName, "getContract", ProtocolErrorCode.UnknownContract,
                $"The Controller at {Address} has no contract registered as '{name}'.")
            : address;
    }

    /// <summary>The address and commit registered under <paramref name="name"/>.</summary>
    public async Task<ContractInfo> GetContractInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(GetContractInfoFunction, [ContractId(name)], BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
        return new ContractInfo((EthAddress)values[0]!, (byte[])values[1]!);
    }

    /// <summary>True while the protocol is paused.</summary>
    public Task<bool> IsPausedAsync(CancellationToken cancellationToken = default)
        => CallAsync<bool>(PausedFunction, [], BlockParameter.Latest, cancellationToken);

    /// <summary>The Controller's owner (the protocol Governor on Arbitrum One).</summary>
    public Task<EthAddress> GetOwnerAsync(CancellationToken cancellationToken = default)
        => CallAsync<EthAddress>(OwnerFunction, [], BlockParameter.Latest, cancellationToken);
}
