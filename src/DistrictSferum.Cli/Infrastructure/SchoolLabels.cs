using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// The words sferumctl uses for the schools' enums, both ways: in tables (<c>teacher</c>, <c>staff room</c>) and on
/// the command line (<c>--role teacher</c>). <c>--json</c> keeps the proto names (<c>JOIN_ROLE_TEACHER</c>).
/// </summary>
internal static class SchoolLabels
{
    public static readonly IReadOnlyDictionary<string, ClassKind> CreatableClassKinds = new Dictionary<string, ClassKind>
    {
        ["grade"] = ClassKind.Grade,
        ["additional"] = ClassKind.Additional,
    };

    public static readonly IReadOnlyDictionary<string, JoinRole> JoinRoles = new Dictionary<string, JoinRole>
    {
        ["teacher"] = JoinRole.Teacher,
        ["student"] = JoinRole.Student,
        ["parent"] = JoinRole.Parent,
    };

    public static readonly IReadOnlyDictionary<string, SchoolRole> SchoolRoles = new Dictionary<string, SchoolRole>
    {
        ["teacher"] = SchoolRole.Teacher,
        ["student"] = SchoolRole.Student,
        ["parent"] = SchoolRole.Parent,
        ["administrator"] = SchoolRole.Administrator,
        ["director"] = SchoolRole.Director,
        ["deputy"] = SchoolRole.Deputy,
    };

    public static readonly IReadOnlyDictionary<string, SchoolRole> ManagementRoles = new Dictionary<string, SchoolRole>
    {
        ["director"] = SchoolRole.Director,
        ["deputy"] = SchoolRole.Deputy,
    };

    /// <summary>The value of <paramref name="word"/> (any case) among <paramref name="words"/>; null for an unknown word.</summary>
    public static T? Parse<T>(IReadOnlyDictionary<string, T> words, string? word) where T : struct =>
        word is not null && words.TryGetValue(word.Trim().ToLowerInvariant(), out var value) ? value : null;

    /// <summary>"grade|additional": the words for a usage message.</summary>
    public static string Choices<T>(IReadOnlyDictionary<string, T> words) => string.Join('|', words.Keys);

    public static string Of(ClassKind kind) => kind switch
    {
        ClassKind.Grade => "grade",
        ClassKind.Additional => "additional",
        ClassKind.StaffRoom => "staff room",
        _ => kind.ToString(),
    };

    public static string Of(JoinRole role) => JoinRoles.FirstOrDefault(p => p.Value == role).Key ?? role.ToString();

    public static string Of(SchoolRole role) => SchoolRoles.FirstOrDefault(p => p.Value == role).Key ?? role.ToString();

    public static string Of(IEnumerable<SchoolRole> roles) => string.Join(", ", roles.Select(Of));

    public static string Of(JoinRequestStatus status) => status switch
    {
        JoinRequestStatus.Pending => "pending",
        JoinRequestStatus.Accepted => "accepted",
        JoinRequestStatus.Rejected => "rejected",
        _ => status.ToString(),
    };

    public static string Of(MovementKind kind) => kind switch
    {
        MovementKind.Joined => "joined",
        MovementKind.StudentMoved => "student moved",
        MovementKind.StudentLeft => "student left",
        MovementKind.EmployeeLeft => "employee left",
        MovementKind.ParentLeft => "parent left",
        _ => kind.ToString(),
    };

    /// <summary>2026 → "2026/27".</summary>
    public static string AcademicYear(int year) => year == 0 ? "" : $"{year}/{(year + 1) % 100:00}";

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>The "verified teacher" badge (ORG-9).</summary>
    public static string VerifiedBadge(bool verified) => verified ? "✓" : "";
}
