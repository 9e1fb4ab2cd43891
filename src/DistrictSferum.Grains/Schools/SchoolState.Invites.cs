using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    public static readonly TimeSpan DefaultInviteLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxInviteLifetime = TimeSpan.FromDays(30);
    public const int MaxInviteUses = 1000;
    private const int MaxUsedByKept = 200;


    /// <summary>
    /// ORG-5: an administrator invites to any class in any role; a class teacher to their class; any verified
    /// teacher may create a student registration link (REG-2). A parent's link names their child (REG-4).
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
        Invites[inviteId] = invite;
        return Touch(invite);
    }

    public InviteRecord RevokeInvite(string actorId, string inviteId)
    {
        var actor = RequireMember(actorId);
        if (!Invites.TryGetValue(inviteId, out var invite) || (!actor.Has(SchoolRoles.Administrator) && invite.CreatedBy != actorId))
            throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org11);
        Touch(invite).Revoked = true;
        return invite;
    }

    /// <summary>ORG-11: revokes every link nobody used, optionally only those older than <paramref name="olderThan"/>.</summary>
    public int AnnulUnusedInvites(string actorId, TimeSpan? olderThan, DateTimeOffset now)
    {
        RequireAdministrator(actorId, Rules.Org11);
        if (olderThan < TimeSpan.Zero) throw DomainException.InvalidField("older_than", SchoolErrors.AgeInvalid, "The age must not be negative.", Rules.Org11);
        var unused = Invites.Values.Where(i => !i.Revoked && i.Uses == 0 && (olderThan is null || now - i.CreatedAt >= olderThan)).ToList();
        foreach (var invite in unused) Touch(invite).Revoked = true;
        return unused.Count;
    }

    public IReadOnlyList<InviteRecord> InviteList(string actorId)
    {
        RequireAdministrator(actorId, Rules.Org5);
        return Invites.Values.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.InviteId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Following a link is the person's own act (ETH-3): it records a join request for the link's class and role,
    /// accepted at once when the link says so. A revoked, expired or used-up link is refused and counts nothing.
    /// </summary>
    public (JoinRequestRecord Request, bool Accepted) FollowInvite(
        string userId, string displayName, bool dependent, string inviteId, string tokenHash, string requestId, DateTimeOffset now)
    {
        if (!Invites.TryGetValue(inviteId, out var invite) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(invite.TokenHash), Encoding.ASCII.GetBytes(tokenHash)))
            throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org5);
        if (invite.Revoked) throw DomainException.Precondition(SchoolErrors.InviteRevoked, "This link was revoked.", Rules.Org11);
        if (now >= invite.ExpiresAt) throw DomainException.Precondition(SchoolErrors.InviteExpired, "This link has expired.", Rules.Org5);
        var target = RequireOpenClass(invite.ClassId, Rules.Org5);
        if (dependent && (invite.Role != JoinRole.Student || !target.IsPrimary))
            throw DomainException.Denied(SchoolErrors.PrimaryPupilsOnly, "An account signed in through a parent's e-mail may only join a grade 1-4 class as a pupil.", Rules.Reg3);

        var existing = Requests.Values.FirstOrDefault(r => r.UserId == userId && r.ClassId == invite.ClassId && r.Role == invite.Role && r.StudentId == invite.StudentId);
        // Following again is the same request, even once the link is used up (a single-use link's own follower).
        if (existing is not null) return (existing, false);
        if (invite.MaxUses is { } max && invite.Uses >= max)
            throw DomainException.Precondition(SchoolErrors.InviteUsedUp, "This link has been used as many times as it allows.", Rules.Org5);
        EnsureCanJoin(userId, invite.ClassId, invite.Role, invite.StudentId);

        var request = new JoinRequestRecord
        {
            RequestId = requestId,
            UserId = userId,
            DisplayName = displayName,
            ClassId = invite.ClassId,
            Role = invite.Role,
            InviteId = inviteId,
            StudentId = invite.StudentId,
            CreatedAt = now,
        };
        Touch(invite).Uses++;
        if (invite.UsedBy.Count < MaxUsedByKept) invite.UsedBy.Add(userId);
        if (invite.AutoAccept)
        {
            Admit(request, now);
            return (request, true);
        }

        Requests[requestId] = request;
        Changes.Requests.Add(requestId);
        return (request, false);
    }
}
