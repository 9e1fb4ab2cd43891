namespace DistrictSferum.Contracts.Errors;

/// <summary>The class of a refusal; the gateway maps each to exactly one gRPC status.</summary>
[GenerateSerializer, Alias("ds.ErrorKind")]
public enum ErrorKind
{
    InvalidArgument = 0,
    NotFound = 1,
    PermissionDenied = 2,
    FailedPrecondition = 3,
    AlreadyExists = 4,
    ResourceExhausted = 5,
    Unauthenticated = 6,
    /// <summary>A service the command needs is down (the virus scanner); retry later.</summary>
    Unavailable = 7,
}
