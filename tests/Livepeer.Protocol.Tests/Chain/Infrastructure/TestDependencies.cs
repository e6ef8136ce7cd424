namespace Livepeer.Protocol.Tests.Chain.Infrastructure;

/// <summary>
/// Where scripts/bootstrap-test-deps.sh puts the real components. The script's env file sets the
/// variables; without them the fixture falls back to the script's default cache folder.
/// </summary>
internal static class TestDependencies
{
    public const string BootstrapHint = "Run scripts/bootstrap-test-deps.sh (or scripts/test.sh, which runs it) to install it.";

    public static string CacheDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("LIVEPEER_SDK_CACHE");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "livepeer-sdk");
        }
    }

    public static string NodeModules => Path.Combine(CacheDirectory, "npm", "node_modules");

    /// <summary>The anvil binary: <c>LIVEPEER_ANVIL</c>, else the cache default. Throws with a hint when it is missing.</summary>
    public static string AnvilPath => RequireExisting(
        "LIVEPEER_ANVIL",
        Path.Combine(NodeModules, "@foundry-rs", "anvil-linux-amd64", "bin", "anvil"),
        File.Exists,
        "anvil binary");

    /// <summary>The <c>@livepeer/sdk</c> <c>abis/contracts</c> folder: <c>LIVEPEER_CONTRACT_ABIS</c>, else the cache default.</summary>
    public static string ContractAbisPath => RequireExisting(
        "LIVEPEER_CONTRACT_ABIS",
        Path.Combine(NodeModules, "@livepeer", "sdk", "abis", "contracts"),
        Directory.Exists,
        "@livepeer/sdk contract artifacts folder");

    private static string RequireExisting(string variable, string fallback, Func<string, bool> exists, string what)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        var path = string.IsNullOrEmpty(configured) ? fallback : configured;
        if (!exists(path))
        {
            var source = string.IsNullOrEmpty(configured) ? "the default cache path" : $"${variable}";
            throw new InvalidOperationException($"The {what} was not found at {path} ({source}). {BootstrapHint}");
        }
        return path;
    }
}
