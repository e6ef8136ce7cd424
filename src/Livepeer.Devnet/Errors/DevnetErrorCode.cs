namespace Livepeer.Devnet;

/// <summary>Stable codes for every failure raised by <c>Livepeer.Devnet</c>. The names are public API.</summary>
public enum DevnetErrorCode
{
    /// <summary>The anvil binary was not found where the options, <c>LIVEPEER_ANVIL</c> or the bootstrap cache point.</summary>
    AnvilNotFound,

    /// <summary>anvil was found but did not start or did not answer in time.</summary>
    AnvilStartFailed,

    /// <summary>The contract artifacts folder was not found where the options, <c>LIVEPEER_CONTRACT_ABIS</c> or the bootstrap cache point.</summary>
    ArtifactsNotFound,

    /// <summary>No artifact exists for the requested contract.</summary>
    ArtifactNotFound,

    /// <summary>A contract name matches several artifacts; load it by path instead.</summary>
    ArtifactAmbiguous,

    /// <summary>An artifact file is not a readable hardhat artifact.</summary>
    ArtifactInvalid,

    /// <summary>A deployment step reverted or failed; <see cref="LivepeerDevnetException.Step"/> names it.</summary>
    DeploymentFailed,

    /// <summary>The node refused a devnet control call (an unknown snapshot, for example).</summary>
    NodeCallFailed,
}
