namespace DistrictSferum.Contracts.Moderation;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of moderation under the ethics rules: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class ModerationErrors
{
    public const string NotSupervisor = "NOT_SUPERVISOR";
}
