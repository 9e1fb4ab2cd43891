using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Tests.Rules;

/// <summary>
/// A registered school's state with its classes' states, and shortcuts that admit members the way the rules say they
/// join: the same steps, in the same order, as SchoolClassGrain and SchoolGrain take them.
/// </summary>
public sealed class SchoolBuilder
{
    public const string Admin = "admin";
    public static readonly DateTimeOffset Start = new(2026, 9, 1, 6, 0, 0, TimeSpan.Zero);
    private int next;

    public SchoolBuilder()
    {
        var application = SchoolRulesTests.Valid();
        State.Register(new SchoolRegistration(application, Admin, "operator"), "Администратор", "staff", Start);
        State.SchoolIdOf = "school";
    }

    public SchoolState State { get; } = new();

    /// <summary>Each class's links and requests, by class id.</summary>
    public Dictionary<string, SchoolClassState> Classes { get; } = [];

    /// <summary>Every class's links, looked up when indexed (so <c>Invites[Invite(...).InviteId]</c> finds the new one).</summary>
    public LinkLookup Invites => new(this);

    public IReadOnlyDictionary<string, JoinRequestRecord> Requests => Classes.Values.SelectMany(c => c.Requests).ToDictionary();

    public DateTimeOffset Now { get; set; } = Start;

    public string StaffRoom => State.StaffRoomId;

    public string Class(string name, ClassKind kind = ClassKind.Grade) =>
        State.CreateClass(Admin, "c" + Next(), name, kind, null, Now).ClassId;

    /// <summary>Creates a link as <paramref name="by"/> and returns its id and the token hash a follower presents.</summary>
    public (string InviteId, string Hash) Invite(string classId, JoinRole role, string by = Admin, string? studentId = null,
        int? maxUses = null, bool autoAccept = false, TimeSpan? lifetime = null)
    {
        var hash = DistrictSferum.Contracts.LinkTokens.Hash(DistrictSferum.Contracts.LinkTokens.New());
        var invite = State.CreateInvite(by, "i" + Next(), hash, new InviteRequest(classId, role, lifetime, maxUses, autoAccept, studentId), Now);
        ClassOf(classId).AddInvite(invite);
        return (invite.InviteId, hash);
    }

    public JoinRequestRecord Follow(string userId, (string InviteId, string Hash) link, bool dependent = false)
    {
        var links = Classes.Values.FirstOrDefault(c => c.Invites.ContainsKey(link.InviteId)) ?? new SchoolClassState();
        var invite = links.RequireUsableLink(link.InviteId, link.Hash, Now);
        if (links.ExistingRequest(userId, invite) is { } existing) return existing;
        State.CheckJoin(userId, dependent, invite.ClassId, invite.Role, invite.StudentId);
        var request = links.Follow(invite, userId, "Имя " + userId, "r" + Next(), Now);
        if (!request.Accepted) return request;
        try
        {
            State.AdmitRequest(request, Now);
        }
        catch (DomainException)
        {
            links.Undo(request);
            throw;
        }

        links.Remove(request);
        return request;
    }

    /// <summary>ORG-8: an administrator's decision, as the school and the class take it.</summary>
    public JoinRequestStatus Decide(string actorId, string requestId, bool accept)
    {
        State.RequireAdministrator(actorId, DistrictSferum.Contracts.Rules.Org8);
        var links = Classes.Values.FirstOrDefault(c => c.Requests.ContainsKey(requestId)) ?? new SchoolClassState();
        var request = links.RequirePending(requestId);
        if (accept) State.AdmitRequest(request, Now);
        links.Remove(request);
        return accept ? JoinRequestStatus.Accepted : JoinRequestStatus.Rejected;
    }

    public InviteRecord Revoke(string actorId, string inviteId)
    {
        var administrator = State.MayRevokeInvites(actorId);
        var links = Classes.Values.FirstOrDefault(c => c.Invites.ContainsKey(inviteId)) ?? new SchoolClassState();
        return links.RevokeInvite(actorId, administrator, inviteId);
    }

    public int Annul(string actorId, TimeSpan? olderThan)
    {
        State.RequireAnnul(actorId, olderThan);
        return Classes.Values.Sum(c => c.AnnulUnusedInvites(olderThan, Now));
    }

    public SchoolClassState ClassOf(string classId) => Classes.TryGetValue(classId, out var c) ? c : Classes[classId] = new SchoolClassState();

    /// <summary>The whole way in: a link from the administrator, followed, accepted.</summary>
    public string Join(string userId, string classId, JoinRole role, string? studentId = null, bool dependent = false)
    {
        var request = Follow(userId, Invite(classId, role, studentId: studentId), dependent);
        Decide(Admin, request.RequestId, accept: true);
        return userId;
    }

    public string VerifiedTeacher(string userId)
    {
        Join(userId, StaffRoom, JoinRole.Teacher);
        State.VerifyTeacher(Admin, userId);
        return userId;
    }

    /// <summary>ORG-4: archiving a class, and then its links dying, as the school grain does it.</summary>
    public void Archive(string classId)
    {
        State.ArchiveClass(Admin, classId);
        ClassOf(classId).RevokeAll();
    }

    /// <summary>ORG-10, ETH-9: a student leaving, and then each leaver's requests and links going, as the school's outbox does it.</summary>
    public void StudentLeft(string studentId)
    {
        foreach (var movement in State.RecordStudentLeft(Admin, studentId, Now))
            foreach (var links in Classes.Values)
                links.Forget(movement.UserId);
    }

    private int Next() => ++next;

    public sealed class LinkLookup(SchoolBuilder school)
    {
        public InviteRecord this[string inviteId] => school.Classes.Values.Single(c => c.Invites.ContainsKey(inviteId)).Invites[inviteId];

        public int Count => school.Classes.Values.Sum(c => c.Invites.Count);
    }
}
