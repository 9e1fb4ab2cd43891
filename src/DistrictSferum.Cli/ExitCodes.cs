using Grpc.Core;

namespace DistrictSferum.Cli;

/// <summary>sferumctl's process exit codes, stable for scripts.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;
    /// <summary>Any failure without a more specific code.</summary>
    public const int Failure = 1;
    /// <summary>Bad command line, or the server said INVALID_ARGUMENT.</summary>
    public const int Usage = 2;
    /// <summary>Not signed in, the login expired, or the server said UNAUTHENTICATED.</summary>
    public const int Unauthenticated = 3;
    /// <summary>NOT_FOUND (also what another school's things look like, RULES DIS-1).</summary>
    public const int NotFound = 4;
    /// <summary>PERMISSION_DENIED.</summary>
    public const int PermissionDenied = 5;
    /// <summary>FAILED_PRECONDITION or ALREADY_EXISTS: the current state forbids it.</summary>
    public const int Conflict = 6;
    /// <summary>RESOURCE_EXHAUSTED: a limit was hit (too many codes, attempts...).</summary>
    public const int ResourceExhausted = 7;
    /// <summary>The server (or database) is unreachable, UNAVAILABLE, or not serving.</summary>
    public const int Unavailable = 8;

    /// <summary>The exit code for a gRPC status.</summary>
    public static int For(StatusCode code) => code switch
    {
        StatusCode.OK => Ok,
        StatusCode.InvalidArgument => Usage,
        StatusCode.Unauthenticated => Unauthenticated,
        StatusCode.NotFound => NotFound,
        StatusCode.PermissionDenied => PermissionDenied,
        StatusCode.FailedPrecondition or StatusCode.AlreadyExists => Conflict,
        StatusCode.ResourceExhausted => ResourceExhausted,
        StatusCode.Unavailable => Unavailable,
        _ => Failure,
    };
}
