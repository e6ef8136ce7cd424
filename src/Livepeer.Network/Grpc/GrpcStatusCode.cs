namespace Livepeer.Network;

/// <summary>The status codes of the gRPC protocol, with their wire values.</summary>
public enum GrpcStatusCode
{
    /// <summary>The call succeeded.</summary>
    OK = 0,

    /// <summary>The call was cancelled, usually by the caller.</summary>
    Cancelled = 1,

    /// <summary>An error without a more specific status; go-livepeer's orchestrator answers most refusals with it.</summary>
    Unknown = 2,

    /// <summary>The request was invalid.</summary>
    InvalidArgument = 3,

    /// <summary>The deadline passed before the call completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>Something the request named was not found.</summary>
    NotFound = 5,

    /// <summary>Something the request would create exists already.</summary>
    AlreadyExists = 6,

    /// <summary>The caller may not do this.</summary>
    PermissionDenied = 7,

    /// <summary>A resource (a quota, a message size limit) is exhausted.</summary>
    ResourceExhausted = 8,

    /// <summary>The system is not in a state that allows the call.</summary>
    FailedPrecondition = 9,

    /// <summary>The call was aborted (a concurrency conflict).</summary>
    Aborted = 10,

    /// <summary>A value was out of range.</summary>
    OutOfRange = 11,

    /// <summary>The peer does not implement the method.</summary>
    Unimplemented = 12,

    /// <summary>An internal error at the peer, or a protocol violation seen by this side.</summary>
    Internal = 13,

    /// <summary>The peer could not be reached or is unavailable now.</summary>
    Unavailable = 14,

    /// <summary>Data was lost or corrupted.</summary>
    DataLoss = 15,

    /// <summary>The caller is not authenticated.</summary>
    Unauthenticated = 16,
}
