namespace DistrictSferum.Contracts.Districts;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of the district register: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class DistrictErrors
{
    public const string NotOperator = "NOT_OPERATOR";
    public const string LastOperator = "LAST_OPERATOR";
    public const string OperatorNotFound = "OPERATOR_NOT_FOUND";
    public const string SchoolSuspended = "SCHOOL_SUSPENDED";
    public const string SchoolNotSuspended = "SCHOOL_NOT_SUSPENDED";
}
