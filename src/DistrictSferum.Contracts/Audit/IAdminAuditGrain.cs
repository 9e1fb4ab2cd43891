using DistrictSferum.Contracts.Moderation;

namespace DistrictSferum.Contracts.Audit;

/// <summary>
/// The tamper-evident log of administrative actions (issue 8): one chain per school (key: school id) and one for the
/// district (key <see cref="District"/>), hashed like the moderation audit. Rows name people by account id only,
/// never a phone, e-mail or child's name.
/// </summary>
[Alias("ds.IAdminAuditGrain")]
public interface IAdminAuditGrain : IGrainWithStringKey
{
    public const string District = "district";

    /// <summary>Newest first: a school's for its director, deputies and administrators (and operators); the district's for operators.</summary>
    [Alias("Query")]
    Task<Page<AuditEntry>> Query(Actor actor, PageRequest page);

    /// <summary>The chain's end kept outside the table, for a reader's verification (<see cref="IAuditVerifierGrain"/>).</summary>
    [Alias("Anchor")]
    Task<AuditAnchorView> Anchor(Actor actor);
}

/// <summary>One administrative action: who did it, to whom, and a short detail without personal data.</summary>
[GenerateSerializer, Immutable, Alias("ds.AdminAuditRecord")]
public sealed record AdminAuditRecord(
    [property: Id(0)] string Action,
    [property: Id(1)] string ActorId,
    [property: Id(2)] string? SubjectUserId,
    [property: Id(3)] string Detail,
    [property: Id(4)] DateTimeOffset At)
{
    /// <summary>Set when the intent was committed with its action: a second delivery of it appends nothing.</summary>
    [Id(5)] public string? IntentId { get; init; }
}

/// <summary>The actions the admin audit records (stable names: readers filter on them).</summary>
public static class AdminActions
{
    public const string AdministratorAppointed = "administrator_appointed";
    public const string AdministratorRemoved = "administrator_removed";
    public const string TeacherVerified = "teacher_verified";
    public const string VerificationWithdrawn = "verification_withdrawn";
    public const string ManagementRoleSet = "management_role_set";
    public const string ManagementRoleRemoved = "management_role_removed";
    public const string InviteCreated = "invite_created";
    public const string InviteRevoked = "invite_revoked";
    public const string InvitesAnnulled = "invites_annulled";
    public const string JoinRequestDecided = "join_request_decided";
    public const string StudentMoved = "student_moved";
    public const string StudentLeft = "student_left";
    public const string EmployeeLeft = "employee_left";
    public const string YearRolledOver = "year_rolled_over";
    public const string SessionRevoked = "session_revoked";
    public const string SessionsRevoked = "sessions_revoked";
    public const string OperatorAdded = "operator_added";
    public const string OperatorRemoved = "operator_removed";
    public const string SchoolRegistered = "school_registered";
    public const string CommunityCreated = "community_created";
    public const string CommunityModeratorAppointed = "community_moderator_appointed";
    public const string CommunityModeratorRemoved = "community_moderator_removed";
    public const string SchoolSuspended = "school_suspended";
    public const string SchoolResumed = "school_resumed";
    public const string SchoolRecovered = "school_recovered";
    public const string ApplicationUpdated = "application_updated";
    public const string AnnouncementSent = "announcement_sent";
}
