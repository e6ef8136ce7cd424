using System.Numerics;
using System.Text;

namespace Livepeer.Protocol;

/// <summary>The state of a LivepeerGovernor proposal (OpenZeppelin <c>IGovernor.ProposalState</c>).</summary>
public enum ProposalState
{
    /// <summary>Created; voting has not started.</summary>
    Pending = 0,
    /// <summary>Voting is open.</summary>
    Active = 1,
    /// <summary>Cancelled by its proposer before voting started.</summary>
    Canceled = 2,
    /// <summary>Voting ended without quorum or without enough For votes.</summary>
    Defeated = 3,
    /// <summary>Voting ended with quorum and enough For votes; it can be queued.</summary>
    Succeeded = 4,
    /// <summary>Scheduled on the Treasury timelock.</summary>
    Queued = 5,
    /// <summary>Expired before execution.</summary>
    Expired = 6,
    /// <summary>Executed.</summary>
    Executed = 7,
}

/// <summary>How a vote is cast.</summary>
public enum VoteSupport
{
    /// <summary>Against the proposal.</summary>
    Against = 0,
    /// <summary>For the proposal.</summary>
    For = 1,
    /// <summary>Abstain: counts towards quorum only.</summary>
    Abstain = 2,
}

/// <summary>The tally of a proposal, in voting power (LPT stake, 18 decimals).</summary>
/// <param name="Against">Votes against.</param>
/// <param name="For">Votes for.</param>
/// <param name="Abstain">Abstentions.</param>
public sealed record ProposalVotes(Wei Against, Wei For, Wei Abstain);

/// <summary>
/// What a LivepeerGovernor proposal does: the calls the Treasury will make, and the description. The same four
/// values propose, queue, execute and cancel it, and determine its id (<see cref="Id"/>).
/// </summary>
/// <param name="Targets">The contracts to call.</param>
/// <param name="Values">The ETH to send with each call.</param>
/// <param name="Calldatas">The call data of each call.</param>
/// <param name="Description">The description, byte for byte as proposed (its hash is part of the id).</param>
public sealed record GovernorProposal(IReadOnlyList<EthAddress> Targets, IReadOnlyList<Wei> Values, IReadOnlyList<byte[]> Calldatas, string Description)
{
    private static readonly byte[] NoPredecessor = new byte[32];

    /// <summary><c>keccak256(bytes(description))</c>: what queue, execute and cancel take instead of the description.</summary>
    public byte[] DescriptionHash => HashDescription(Description);

    /// <summary>The proposal id, as <c>hashProposal</c> computes it.</summary>
    public BigInteger Id => LivepeerGovernorClient.ComputeProposalId(Targets, Values, Calldatas, DescriptionHash);

    /// <summary>The id of the Treasury operation the proposal becomes when queued: no predecessor, and the description hash as the salt.</summary>
    public byte[] TimelockOperationId => TreasuryClient.ComputeBatchOperationId(Targets, Values, Calldatas, NoPredecessor, DescriptionHash);

    /// <summary><c>keccak256</c> of the UTF-8 bytes of <paramref name="description"/>.</summary>
    public static byte[] HashDescription(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Keccak256.Hash(Encoding.UTF8.GetBytes(description));
    }
}
