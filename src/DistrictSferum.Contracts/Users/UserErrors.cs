namespace DistrictSferum.Contracts.Users;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of accounts: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class UserErrors
{
    public const string UserNotFound = "USER_NOT_FOUND";
}
