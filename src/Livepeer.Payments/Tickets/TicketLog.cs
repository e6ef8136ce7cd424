using Microsoft.Extensions.Logging;

namespace Livepeer.Payments;

/// <summary>Log messages of the ticket sender and recipient; event ids 2000–2049.</summary>
internal static partial class TicketLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Started ticket session {SessionId} with recipient {Recipient} at nonce {Nonce}.")]
    public static partial void SessionStarted(ILogger logger, string sessionId, Livepeer.Protocol.EthAddress recipient, uint nonce);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Signed {Count} tickets for session {SessionId} (nonces up to {LastNonce}).")]
    public static partial void BatchCreated(ILogger logger, int count, string sessionId, uint lastNonce);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Ticket parameters from {Recipient} refused: {Reason} ({Detail}).")]
    public static partial void ParamsRejected(ILogger logger, Livepeer.Protocol.EthAddress recipient, TicketRejectionReason reason, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Reading the sender's own deposit and reserve failed.")]
    public static partial void SenderInfoFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Issued ticket parameters to {Sender}: face value {FaceValue}, win probability {WinProb}, expiring at L1 block {ExpirationBlock}.")]
    public static partial void ParamsIssued(ILogger logger, Livepeer.Protocol.EthAddress sender, System.Numerics.BigInteger faceValue, System.Numerics.BigInteger winProb, ulong expirationBlock);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Payment from {Sender} refused: {Reason} ({Detail}).")]
    public static partial void PaymentRejected(ILogger logger, string sender, TicketRejectionReason reason, string detail);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Payment from {Sender} for {ManifestId}: {Accepted} tickets accepted, {Won} won, {Ev} wei credited.")]
    public static partial void PaymentReceived(ILogger logger, Livepeer.Protocol.EthAddress sender, string manifestId, int accepted, int won, string ev);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Winning ticket from {Sender} (nonce {Nonce}) queued for redemption.")]
    public static partial void WinnerQueued(ILogger logger, Livepeer.Protocol.EthAddress sender, uint nonce);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Error, Message = "A winning ticket from {Sender} (nonce {Nonce}) could not be queued for redemption.")]
    public static partial void WinnerNotQueued(ILogger logger, Livepeer.Protocol.EthAddress sender, uint nonce, Exception exception);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Debug, Message = "Dropped the nonces of {Count} expired ticket parameters at L1 block {Block}.")]
    public static partial void NoncesDropped(ILogger logger, int count, ulong block);
}
