namespace DistrictSferum.Contracts.Errors;

/// <summary>
/// The one way a grain refuses a command. <see cref="Code"/> is stable (clients switch on it),
/// <see cref="RuleId"/> names the rule of RULES.md that forbids the command, when one does.
/// A grain throws it before changing anything, so a refused command changes nothing.
/// Codes come from the per-aggregate catalogues (CommonErrors, SchoolErrors, ChatErrors...), never from a literal.
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

    /// <summary>For INVALID_ARGUMENT: which request fields are wrong (google.rpc.BadRequest on the wire).</summary>
    [Id(3)] public IReadOnlyList<FieldViolation> FieldViolations { get; init; } = [];

    /// <summary>For RESOURCE_EXHAUSTED: how long the caller should wait before trying again (google.rpc.RetryInfo).</summary>
    [Id(4)] public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// A request field is wrong. <paramref name="field"/> is the field's path in the request as the protos spell it
    /// (<c>kind</c>, <c>info.name</c>, <c>rule_clauses[2]</c>); the message says what a valid value looks like.
    /// </summary>
    public static DomainException InvalidField(string field, string code, string message, string? ruleId = null) =>
        new(ErrorKind.InvalidArgument, code, message, ruleId) { FieldViolations = [new FieldViolation(field, message)] };

    /// <summary>An argument is wrong but no single request field is to blame (prefer <see cref="InvalidField"/>).</summary>
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

    /// <summary>A limit was hit; <paramref name="retryAfter"/> tells the caller when a retry can succeed.</summary>
    /// <summary>
    /// A limit that frees itself with time: a retry after <paramref name="retryAfter"/> can succeed, so the hint is never
    /// zero (at least <see cref="MinimumRetry"/>). A limit that only a change of state lifts (a full record, a burned
    /// code) is a <see cref="Precondition"/>, not this.
    /// </summary>
    public static DomainException Exhausted(string code, string message, TimeSpan retryAfter, string? ruleId = null) =>
        new(ErrorKind.ResourceExhausted, code, message, ruleId) { RetryAfter = retryAfter < MinimumRetry ? MinimumRetry : retryAfter };

    /// <summary>The shortest retry hint a RESOURCE_EXHAUSTED refusal carries.</summary>
    public static readonly TimeSpan MinimumRetry = TimeSpan.FromMilliseconds(1);

    public static DomainException Unauthenticated(string code, string message) =>
        new(ErrorKind.Unauthenticated, code, message);

    /// <summary>A service the command needs is down; nothing changed and a retry later can succeed.</summary>
    public static DomainException Unavailable(string code, string message, string? ruleId = null) =>
        new(ErrorKind.Unavailable, code, message, ruleId);
}

/// <summary>One wrong request field: its path as the protos spell it and what is wrong with it.</summary>
[GenerateSerializer, Immutable, Alias("ds.FieldViolation")]
public sealed record FieldViolation([property: Id(0)] string Field, [property: Id(1)] string Description);
