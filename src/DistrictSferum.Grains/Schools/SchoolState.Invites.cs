using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    public static readonly TimeSpan DefaultInviteLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxInviteLifetime = TimeSpan.FromDays(30);
    public const int MaxInviteUses = 1000;

    /// <summary>
    /// ORG-5: an administrator invites to any class in any role; a class teacher to their class; any verified
    /// teacher may create a student registration link (REG-2). A parent's link names their child (REG-4).
    /// The link is the class's to keep (<see cref="SchoolClassState"/>).
    /// </summary>
    public InviteRecord CreateInvite(string actorId, string inviteId, string tokenHash, InviteRequest request, DateTimeOffset now)
    {
        var actor = RequireMember(actorId);
        var target = RequireOpenClass(request.ClassId, Rules.Org5);
        if (!actor.Has(SchoolRoles.Administrator))
        {
            RequireActingTeacher(actorId, Rules.Org5);
            var classTeacher = target.ClassTeacherIds.Contains(actorId);
            if (!classTeacher && request.Role != JoinRole.Student)
                throw DomainException.Denied(CommonErrors.NotClassTeacher, "Only an administrator or the class teacher invites teachers and parents to a class.", Rules.Org5);
            if (!classTeacher && request.AutoAccept)
                throw DomainException.Denied(SchoolErrors.AutoAcceptDenied, "Only an administrator or the class teacher admits without review.", Rules.Org8);
        }

        if (target.Kind == ClassKind.StaffRoom && request.Role != JoinRole.Teacher)
            throw DomainException.InvalidField("role", SchoolErrors.StaffRoomTeachersOnly, "The staff room admits teachers only.", Rules.Org3);
        if (request.Role == JoinRole.Parent)
        {
            if (request.StudentId is not { Length: > 0 } studentId || !Members.TryGetValue(studentId, out var student) ||
                !student.ClassesAs(JoinRole.Student).Contains(request.ClassId))
                throw DomainException.InvalidField("student_id", SchoolErrors.StudentRequired, "A parent's link names a student of that class.", Rules.Reg4);
        }
        else if (request.StudentId is { Length: > 0 })
        {
            throw DomainException.InvalidField("student_id", SchoolErrors.StudentNotExpected, "Only a parent's link names a student.", Rules.Reg4);
        }

        var lifetime = request.Lifetime ?? DefaultInviteLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > MaxInviteLifetime)
            throw DomainException.InvalidField("lifetime", SchoolErrors.InviteLifetimeInvalid, $"A link lives between one minute and {MaxInviteLifetime.Days} days.", Rules.Org5);
        if (request.MaxUses is < 1 or > MaxInviteUses)
            throw DomainException.InvalidField("max_uses", SchoolErrors.InviteUsesInvalid, $"A use limit is between 1 and {MaxInviteUses}.", Rules.Org5);
        // Issue 8: a teacher's or parent's link admits one person unless a limit is given; a link for several teachers
        // is never admitted without review (an unverified stranger must not walk into the staff room).
        var maxUses = request.MaxUses ?? (request.Role == JoinRole.Student ? null : 1);
        if (request.Role == JoinRole.Teacher && request.AutoAccept && maxUses != 1)
            throw DomainException.InvalidField("auto_accept", SchoolErrors.AutoAcceptSingleUseOnly,
                "A link for several teachers needs review: leave auto_accept off, or make it single-use.", Rules.Org8);

        var invite = new InviteRecord
        {
            InviteId = inviteId,
            TokenHash = tokenHash,
            ClassId = request.ClassId,
            Role = request.Role,
            CreatedBy = actorId,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            MaxUses = maxUses,
            AutoAccept = request.AutoAccept,
            StudentId = request.Role == JoinRole.Parent ? request.StudentId : null,
        };
        return invite;
    }

    /// <summary>ORG-11: who may revoke a link: any member who made it, and the administrators; true for an administrator.</summary>
    public bool MayRevokeInvites(string actorId) => RequireMember(actorId).Has(SchoolRoles.Administrator);

    /// <summary>ORG-11: an administrator annuls unused links, optionally only those older than a non-negative age.</summary>
    public void RequireAnnul(string actorId, TimeSpan? olderThan)
    {
        RequireAdministrator(actorId, Rules.Org11);
        if (olderThan < TimeSpan.Zero) throw DomainException.InvalidField("older_than", SchoolErrors.AgeInvalid, "The age must not be negative.", Rules.Org11);
    }

    /// <summary>
    /// Following a link is the person's own act (ETH-3); before the class counts it, the school says whether this
    /// person may join that class in that role (REG-3, REG-4, ORG-8, ORG-10).
    /// </summary>
    public void CheckJoin(string userId, bool dependent, string classId, JoinRole role, string? studentId)
    {
        var target = RequireOpenClass(classId, Rules.Org5);
        if (dependent && (role != JoinRole.Student || !target.IsPrimary))
            throw DomainException.Denied(SchoolErrors.PrimaryPupilsOnly, "An account signed in through a parent's e-mail may only join a grade 1-4 class as a pupil.", Rules.Reg3);
        EnsureCanJoin(userId, classId, role, studentId);
    }
}
