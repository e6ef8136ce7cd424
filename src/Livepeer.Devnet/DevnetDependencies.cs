namespace Livepeer.Devnet;

/// <summary>
/// Finds anvil and the contract artifacts: an explicit path first, then the environment variable that
/// <c>scripts/bootstrap-test-deps.sh</c> writes to its <c>env.sh</c>, then that script's cache folder.
/// </summary>
internal static class DevnetDependencies
{
    public const string AnvilVariable = "LIVEPEER_ANVIL";
    public const string ArtifactsVariable = "LIVEPEER_CONTRACT_ABIS";
    public const string CacheVariable = "LIVEPEER_SDK_CACHE";

    public const string BootstrapHint =
        "Run scripts/bootstrap-test-deps.sh from the SDK repository (or scripts/test.sh, which runs it) to install it, " +
        "or point the option or the environment variable at an existing copy.";

    public static string CacheDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(CacheVariable);
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "livepeer-sdk");
        }
    }

    private static string NodeModules => Path.Combine(CacheDirectory, "npm", "node_modules");

    /// <summary>The anvil binary to run.</summary>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.AnvilNotFound"/>.</exception>
    public static string ResolveAnvil(string? configured) => Resolve(
        configured,
        AnvilVariable,
        Path.Combine(NodeModules, "@foundry-rs", "anvil-linux-amd64", "bin", "anvil"),
        File.Exists,
        "The anvil binary",
        DevnetErrorCode.AnvilNotFound);

    /// <summary>The <c>abis/contracts</c> folder of npm <c>@livepeer/sdk</c>.</summary>
    /// <exception cref="LivepeerDevnetException">With <see cref="DevnetErrorCode.ArtifactsNotFound"/>.</exception>
    public static string ResolveArtifacts(string? configured) => Resolve(
        configured,
        ArtifactsVariable,
        Path.Combine(NodeModules, "@livepeer", "sdk", "abis", "contracts"),
        Directory.Exists,
        "The @livepeer/sdk contract artifacts folder (abis/contracts)",
        DevnetErrorCode.ArtifactsNotFound);

    private static string Resolve(string? configured, string variable, string fallback, Func<string, bool> exists, string what, DevnetErrorCode code)
    {
        string path;
        string source;
        if (!string.IsNullOrEmpty(configured))
        {
            (path, source) = (configured, "the options");
        }
        else if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
        {
            (path, source) = (fromEnvironment, "$" + variable);
        }
        else
        {
            (path, source) = (fallback, $"the bootstrap cache; set ${variable} or ${CacheVariable} to look elsewhere");
        }
        return exists(path)
            ? path
            : throw new LivepeerDevnetException(code, $"{what} was not found at {path} (from {source}). {BootstrapHint}");
    }
}
