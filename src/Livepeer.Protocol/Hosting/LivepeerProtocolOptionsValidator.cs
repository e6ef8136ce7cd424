using Microsoft.Extensions.Options;

namespace Livepeer.Protocol;

/// <summary>Checks <see cref="LivepeerProtocolOptions"/> at start, with messages that name the setting.</summary>
internal sealed class LivepeerProtocolOptionsValidator : IValidateOptions<LivepeerProtocolOptions>
{
    private const string Section = LivepeerProtocolOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LivepeerProtocolOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var rpc) || (rpc.Scheme != Uri.UriSchemeHttp && rpc.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Section}:RpcUrl must be an absolute http or https URL.");
        }
        try
        {
            options.ResolveNetwork();
        }
        catch (InvalidOperationException ex)
        {
            failures.Add(ex.Message);
        }
        if (options.PrivateKey is not null && options.KeystorePath is not null)
        {
            failures.Add($"{Section}:PrivateKey and {Section}:KeystorePath are both set; set one.");
        }
        if (options.KeystorePath is not null)
        {
            if (!File.Exists(options.KeystorePath))
            {
                failures.Add($"{Section}:KeystorePath points to a file that does not exist.");
            }
            if (options.KeystorePassword is null && options.KeystorePasswordFile is null)
            {
                failures.Add($"{Section}:KeystorePath needs {Section}:KeystorePassword or {Section}:KeystorePasswordFile.");
            }
            if (options.KeystorePasswordFile is not null && !File.Exists(options.KeystorePasswordFile))
            {
                failures.Add($"{Section}:KeystorePasswordFile points to a file that does not exist.");
            }
        }
        if (options.PrivateKey is not null && !(Hex.TryDecode(options.PrivateKey, out var key) && key.Length == 32))
        {
            failures.Add($"{Section}:PrivateKey must be 32 bytes of hex.");
        }
        Check(failures, () => options.Rpc.Validate(), $"{Section}:Rpc");
        Check(failures, () => options.Transactions.Validate(), $"{Section}:Transactions");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, Action validate, string prefix)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{prefix}:{(ex as ArgumentOutOfRangeException)?.ParamName ?? ex.ParamName}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
