using Livepeer.Protocol;

namespace Livepeer.Devnet;

/// <summary>The protocol functions the devnet calls while deploying and driving the chain.</summary>
internal static class ProtocolFunctions
{
    public static readonly AbiFunction SetContractInfo = AbiFunction.Parse("function setContractInfo(bytes32 _id, address _contractAddress, bytes20 _gitCommitHash)");
    public static readonly AbiFunction GetContract = AbiFunction.Parse("function getContract(bytes32 _id) view returns (address)");
    public static readonly AbiFunction Unpause = AbiFunction.Parse("function unpause()");
    public static readonly AbiFunction Paused = AbiFunction.Parse("function paused() view returns (bool)");

    public static readonly AbiFunction SetUnbondingPeriod = AbiFunction.Parse("function setUnbondingPeriod(uint64 _unbondingPeriod)");
    public static readonly AbiFunction SetNumActiveTranscoders = AbiFunction.Parse("function setNumActiveTranscoders(uint256 _numActiveTranscoders)");

    public static readonly AbiFunction SetRoundLength = AbiFunction.Parse("function setRoundLength(uint256 _roundLength)");
    public static readonly AbiFunction SetRoundLockAmount = AbiFunction.Parse("function setRoundLockAmount(uint256 _roundLockAmount)");
    public static readonly AbiFunction InitializeRound = AbiFunction.Parse("function initializeRound()");
    public static readonly AbiFunction CurrentRound = AbiFunction.Parse("function currentRound() view returns (uint256)");
    public static readonly AbiFunction CurrentRoundStartBlock = AbiFunction.Parse("function currentRoundStartBlock() view returns (uint256)");
    public static readonly AbiFunction RoundLength = AbiFunction.Parse("function roundLength() view returns (uint256)");

    public static readonly AbiFunction SetUnlockPeriod = AbiFunction.Parse("function setUnlockPeriod(uint256 _unlockPeriod)");
    public static readonly AbiFunction SetTicketValidityPeriod = AbiFunction.Parse("function setTicketValidityPeriod(uint256 _ticketValidityPeriod)");

    public static readonly AbiFunction GrantRole = AbiFunction.Parse("function grantRole(bytes32 role, address account)");
    public static readonly AbiFunction Mint = AbiFunction.Parse("function mint(address _to, uint256 _amount)");

    public static readonly AbiFunction SetMockUint256 = AbiFunction.Parse("function setMockUint256(bytes4 _func, uint256 _value)");
    public static readonly AbiFunction L1CirculatingSupply = AbiFunction.Parse("function l1CirculatingSupply() view returns (uint256)");

    /// <summary><c>keccak256("MINTER_ROLE")</c>, the LivepeerToken role allowed to mint.</summary>
    public static readonly byte[] MinterRole = Keccak256.Hash("MINTER_ROLE");
}
