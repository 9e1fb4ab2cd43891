namespace DistrictSferum.Contracts.Errors;

/// <summary>
/// The one way a grain refuses a command. <see cref="Code"/> is stable (clients switch on it),
/// <see cref="RuleId"/> names the rule of RULES.md that forbids the command, when one does.
/// A grain throws it before changing anything, so a refused command changes nothing.
/// </summary>
[GenerateSerializer, Alias("ds.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(ErrorKind kind, string code, string message, string? ruleId = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        RuleId = ruleId;
    }

    [Id(0)] public ErrorKind Kind { get; }

    [Id(1)] public string Code { get; }

    [Id(2)] public string? RuleId { get; }

    public static DomainException Invalid(string code, string message, string? ruleId = null) =>
        new(ErrorKind.InvalidArgument, code, message, ruleId);

    public static DomainException NotFound(string code, string message, string? ruleId = null) =>
        new(ErrorKind.NotFound, code, message, ruleId);

    public static DomainException Denied(string code, string message, string? ruleId = null) =>
        new(ErrorKind.PermissionDenied, code, message, ruleId);

    public static DomainException Precondition(string code, string message, string? ruleId = null) =>
        new(ErrorKind.FailedPrecondition, code, message, ruleId);

    public static DomainException Exists(string code, string message, string? ruleId = null) =>
        new(ErrorKind.AlreadyExists, code, message, ruleId);

    public static DomainException Exhausted(string code, string message, string? ruleId = null) =>
        new(ErrorKind.ResourceExhausted, code, message, ruleId);

    public static DomainException Unauthenticated(string code, string message) =>
        new(ErrorKind.Unauthenticated, code, message);
}
