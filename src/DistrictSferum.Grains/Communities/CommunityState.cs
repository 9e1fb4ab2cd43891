using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Communities;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Communities;

/// <summary>
/// A community's bounded state and its rules (DIS-2, DIS-1's exception, ETH-9). Pure: it decides and changes
/// itself, or refuses before changing anything. A community holds tens to a few hundred teachers.
/// </summary>
[GenerateSerializer, Alias("ds.CommunityState")]
public sealed class CommunityState
{
    public const int MaxTitle = 120;
    public const int MaxDescription = 2000;
    public static readonly TimeSpan DefaultLinkLifetime = TimeSpan.FromDays(14);
    public static readonly TimeSpan MaxLinkLifetime = TimeSpan.FromDays(90);

    [Id(0)] public bool Created { get; set; }
    [Id(1)] public CommunityKind Kind { get; set; }
    [Id(2)] public string Title { get; set; } = "";
    [Id(3)] public string Description { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public List<string> ModeratorIds { get; set; } = [];
    [Id(6)] public Dictionary<string, CommunityMemberRecord> Members { get; set; } = [];
    [Id(7)] public Dictionary<string, CommunityJoinRequest> Requests { get; set; } = [];
    [Id(8)] public List<CommunityLinkRecord> Links { get; set; } = [];
    [Id(9)] public List<string> ChatIds { get; set; } = [];

    /// <summary>Issue 8: admin-audit rows of moderator changes, stored with the change and appended right after.</summary>
    [Id(10)] public List<AdminAuditRecord> AuditOutbox { get; set; } = [];

    public static NewCommunity Normalize(NewCommunity community)
    {
        if (!Enum.IsDefined(community.Kind))
            throw DomainException.InvalidField("kind", CommunityErrors.CommunityKindInvalid, "A community is a methodical or subject association, a professional development group or a project.", Rules.Dis2);
        var moderators = community.ModeratorIds.Distinct().ToList();
        if (moderators.Count == 0)
            throw DomainException.InvalidField("moderator_ids", CommunityErrors.ModeratorsRequired, "A community has at least one moderator.", Rules.Dis2);
        return new NewCommunity(community.Kind, TextRules.Required(community.Title, "title", MaxTitle, Rules.Dis2),
            TextRules.Optional(community.Description, "description", MaxDescription, Rules.Dis2, multiline: true), moderators);
    }

    public void Create(NewCommunity community, IReadOnlyList<TeacherStanding> moderators, DateTimeOffset now)
    {
        foreach (var m in moderators) EnsureVerifiedTeacher(m);
        Created = true;
        Kind = community.Kind;
        Title = community.Title;
        Description = community.Description;
        CreatedAt = now;
        ModeratorIds = moderators.Select(m => m.UserId).ToList();
        foreach (var m in moderators) Members[m.UserId] = CommunityMemberRecord.Of(m, now);
    }

    /// <summary>Only verified teachers of a district school take part (DIS-2).</summary>
    public static void EnsureVerifiedTeacher(TeacherStanding standing)
    {
        if (standing.SchoolIds.Count == 0)
            throw DomainException.Precondition(CommunityErrors.NotVerifiedTeacherOfDistrict,
                "District communities are for teachers an administrator of a district school has verified.", Rules.Dis2);
    }

    public void RequireModerator(string userId)
    {
        RequireCreated();
        if (!ModeratorIds.Contains(userId))
            throw DomainException.Denied(CommunityErrors.NotCommunityModerator, "Only the community's moderators may do this.", Rules.Dis2);
    }

    public CommunityMemberRecord RequireMember(string userId)
    {
        RequireCreated();
        return Members.TryGetValue(userId, out var member) ? member : throw NotFound();
    }

    public void RequireCreated()
    {
        if (!Created) throw NotFound();
    }

    public static DomainException NotFound() => DomainException.NotFound(CommunityErrors.CommunityNotFound, "No such community.", Rules.Dis1);

    public CommunityLinkRecord CreateLink(string actorId, string linkId, string tokenHash, TimeSpan? lifetime, DateTimeOffset now)
    {
        RequireModerator(actorId);
        var span = lifetime ?? DefaultLinkLifetime;
        if (span <= TimeSpan.Zero || span > MaxLinkLifetime)
            throw DomainException.InvalidField("lifetime", CommunityErrors.CommunityLinkInvalid, "A community link lives from a minute to 90 days.", Rules.Dis2);
        Links.RemoveAll(l => l.ExpiresAt <= now);
        var link = new CommunityLinkRecord { LinkId = linkId, TokenHash = tokenHash, CreatedBy = actorId, ExpiresAt = now + span };
        Links.Add(link);
        return link;
    }

    /// <summary>A valid link admits a verified teacher at once; a member following it again changes nothing.</summary>
    public bool JoinByLink(TeacherStanding standing, string tokenHash, DateTimeOffset now)
    {
        RequireCreated();
        if (!Links.Any(l => l.TokenHash == tokenHash && now < l.ExpiresAt))
            throw DomainException.Precondition(CommunityErrors.CommunityLinkInvalid, "The link has expired or was never this community's.", Rules.Dis2);
        EnsureVerifiedTeacher(standing);
        if (Members.ContainsKey(standing.UserId)) return false;
        Members[standing.UserId] = CommunityMemberRecord.Of(standing, now);
        Requests.Remove(standing.UserId);
        return true;
    }

    public CommunityJoinRequest RequestToJoin(TeacherStanding standing, DateTimeOffset now)
    {
        RequireCreated();
        EnsureVerifiedTeacher(standing);
        if (Members.ContainsKey(standing.UserId))
            throw DomainException.Exists(CommunityErrors.AlreadyCommunityMember, "You are a member of this community.", Rules.Dis2);
        if (Requests.TryGetValue(standing.UserId, out var pending)) return pending;
        return Requests[standing.UserId] = new CommunityJoinRequest(standing.UserId, standing.DisplayName, standing.SchoolShortNames, now);
    }

    /// <summary>
    /// A moderator accepts or rejects. <paramref name="now"/>'s standing is checked again at acceptance: a teacher
    /// whose verification ended meanwhile is refused.
    /// </summary>
    public CommunityJoinRequest Decide(string actorId, string userId, bool accept, TeacherStanding? standing, DateTimeOffset now)
    {
        RequireModerator(actorId);
        if (!Requests.TryGetValue(userId, out var request))
            throw DomainException.NotFound(CommunityErrors.JoinRequestNotFound, "No such request to join.", Rules.Dis2);
        if (accept)
        {
            EnsureVerifiedTeacher(standing!);
            Members[userId] = CommunityMemberRecord.Of(standing!, now);
        }

        Requests.Remove(userId);
        return request;
    }

    /// <summary>
    /// A moderator (or a district operator) appoints a member as moderator or removes one; the community never loses
    /// its last moderator. True if it changed.
    /// </summary>
    public bool SetModerator(string actorId, bool actorIsOperator, string userId, bool moderator)
    {
        if (!actorIsOperator) RequireModerator(actorId);
        RequireCreated();
        if (!Members.ContainsKey(userId))
            throw DomainException.Precondition(CommunityErrors.NotCommunityMember, "Moderators are chosen among the community's members.", Rules.Dis2);
        if (moderator == ModeratorIds.Contains(userId)) return false;
        if (!moderator && ModeratorIds.Count == 1)
            throw DomainException.Precondition(CommunityErrors.LastCommunityModerator, "Appoint another moderator before removing the last one.", Rules.Dis2);
        if (moderator) ModeratorIds.Add(userId);
        else ModeratorIds.Remove(userId);
        return true;
    }

    /// <summary>Anyone leaves of their own will; the last moderator hands over first (<see cref="SetModerator"/>).</summary>
    public void Leave(string userId)
    {
        RequireMember(userId);
        if (ModeratorIds is [var only] && only == userId && Members.Count > 1)
            throw DomainException.Precondition(CommunityErrors.LastCommunityModerator, "The community's last moderator cannot leave while others remain.", Rules.Dis2);
        Members.Remove(userId);
        ModeratorIds.Remove(userId);
    }

    /// <summary>ETH-9: someone who left their last district school leaves the community; true if they were in it.</summary>
    public bool RemoveLeaver(string userId)
    {
        Requests.Remove(userId);
        ModeratorIds.Remove(userId);
        return Members.Remove(userId);
    }

    /// <summary>DIS-1's exception: the fields another school's teacher may see, no more.</summary>
    public IReadOnlyList<CommunityMemberView> MemberViews() => Members.Values
        .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId, StringComparer.Ordinal)
        .Select(m => new CommunityMemberView(m.UserId, m.DisplayName, true, m.SchoolShortNames.ToList(), ModeratorIds.Contains(m.UserId), m.JoinedAt))
        .ToList();

    /// <summary>
    /// A member as the community's chats see them: a verified teacher with no class and no contacts; moderators
    /// stand where a school's administrators stand (they post in the community's channels, appoint chat moderators).
    /// </summary>
    public MemberView Membership(string userId)
    {
        var m = RequireMember(userId);
        var roles = SchoolRoles.Teacher | (ModeratorIds.Contains(userId) ? SchoolRoles.Administrator : SchoolRoles.None);
        return new MemberView(userId, m.DisplayName, roles, true, [], [], m.JoinedAt, null, null);
    }

    public CommunityView View(string communityId) =>
        new(communityId, Kind, Title, Description, ModeratorIds.ToList(), Members.Count, CreatedAt);
}

[GenerateSerializer, Alias("ds.CommunityMemberRecord")]
public sealed class CommunityMemberRecord
{
    [Id(0)] public string UserId { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public List<string> SchoolShortNames { get; set; } = [];
    [Id(3)] public DateTimeOffset JoinedAt { get; set; }

    public static CommunityMemberRecord Of(TeacherStanding standing, DateTimeOffset now) => new()
    {
        UserId = standing.UserId,
        DisplayName = standing.DisplayName,
        SchoolShortNames = standing.SchoolShortNames.ToList(),
        JoinedAt = now,
    };
}

[GenerateSerializer, Alias("ds.CommunityLinkRecord")]
public sealed class CommunityLinkRecord
{
    [Id(0)] public string LinkId { get; set; } = "";
    [Id(1)] public string TokenHash { get; set; } = "";
    [Id(2)] public string CreatedBy { get; set; } = "";
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
}
