using Microsoft.Extensions.Options;

namespace Livepeer.Payments;

/// <summary>Checks <see cref="LivepeerPaymentsOptions"/> at start, with messages that name the setting.</summary>
internal sealed class LivepeerPaymentsOptionsValidator(PaymentsRoles? roles = null) : IValidateOptions<LivepeerPaymentsOptions>
{
    private const string Section = LivepeerPaymentsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LivepeerPaymentsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TicketEV.Value.Sign <= 0)
        {
            failures.Add($"{Section}:TicketEV must be greater than 0.");
        }
        if (options.MaxTicketEV.Value.Sign <= 0)
        {
            failures.Add($"{Section}:MaxTicketEV must be greater than 0.");
        }
        if (options.MaxTotalEV < options.MaxTicketEV)
        {
            failures.Add($"{Section}:MaxTotalEV ({options.MaxTotalEV.Value}) must be at least {Section}:MaxTicketEV ({options.MaxTicketEV.Value}): one ticket could never be sent.");
        }
        if (options.DepositMultiplier < 1)
        {
            failures.Add($"{Section}:DepositMultiplier must be at least 1.");
        }
        if (options.MaxFaceValue.Value.Sign > 0 && options.MaxFaceValue < options.TicketEV)
        {
            failures.Add($"{Section}:MaxFaceValue ({options.MaxFaceValue.Value}) is below {Section}:TicketEV ({options.TicketEV.Value}): every ticket would be refused.");
        }
        if (options.RedeemGas is 0)
        {
            failures.Add($"{Section}:RedeemGas must be greater than 0 (leave it unset for the network's default).");
        }
        if (options.TxCostMultiplier < 1)
        {
            failures.Add($"{Section}:TxCostMultiplier must be at least 1.");
        }
        if (!double.IsFinite(options.RedemptionGasMargin) || options.RedemptionGasMargin < 1.0)
        {
            failures.Add($"{Section}:RedemptionGasMargin must be a finite number of at least 1.0.");
        }
        if (options.PollingInterval <= TimeSpan.Zero || options.PollingInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:PollingInterval must be between 0 and 10 minutes.");
        }
        if (options.DatabasePath is { } path && (path.Length == 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add($"{Section}:DatabasePath is not a valid file path.");
        }
        if (options.MaxRedemptionBatchSize is < 1 or > 500)
        {
            failures.Add($"{Section}:MaxRedemptionBatchSize must be between 1 and 500.");
        }
        if (options.RecipientAddress is { IsZero: true })
        {
            failures.Add($"{Section}:RecipientAddress cannot be the zero address (leave it unset for the signer's address).");
        }
        if (options.MinGasPrice.Value.Sign < 0)
        {
            failures.Add($"{Section}:MinGasPrice cannot be negative.");
        }
        if (roles is { Recipient: true, RemoteRedeemer: null } && string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add($"{Section}:DatabasePath is required for a ticket recipient that redeems its own tickets (AddTicketRecipient without UseRedeemer): it keeps winning tickets until they are redeemed.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
