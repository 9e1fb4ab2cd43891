namespace DistrictSferum.Contracts.Identity;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of sign-in and tokens: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class IdentityErrors
{
    public const string RefreshTokenInvalid = "REFRESH_TOKEN_INVALID";
    public const string TokenRequired = "TOKEN_REQUIRED";
    public const string ChildNameInvalid = "CHILD_NAME_INVALID";
    public const string CodeAttemptsExhausted = "CODE_ATTEMPTS_EXHAUSTED";
    public const string CodeExpired = "CODE_EXPIRED";
    public const string CodeInvalid = "CODE_INVALID";
    public const string CodeRateLimited = "CODE_RATE_LIMITED";
    public const string CodeDeliveryBusy = "CODE_DELIVERY_BUSY";
    public const string GuardianEmailRequired = "GUARDIAN_EMAIL_REQUIRED";
    public const string InvalidEmail = "INVALID_EMAIL";
    public const string InvalidPhone = "INVALID_PHONE";
    public const string ContactLocked = "CONTACT_LOCKED";
    public const string RefreshTokenReused = "REFRESH_TOKEN_REUSED";
    public const string SessionNotFound = "SESSION_NOT_FOUND";
    public const string SessionRequired = "SESSION_REQUIRED";
    public const string SessionRevoked = "SESSION_REVOKED";
    public const string SignInRateLimited = "SIGN_IN_RATE_LIMITED";
    public const string TokenExpired = "TOKEN_EXPIRED";
}
