using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// A chat's bounded state and its rules of membership (ETH-3, ETH-4, CHAT-6). Pure: it decides and changes
/// itself, or refuses before changing anything. Messages live in the log, not here.
/// </summary>
[GenerateSerializer, Alias("ds.ChatState")]
public sealed partial class ChatState
{
    public const int MaxTitle = 120;
    public const int MaxClauses = 50;
    public const int MaxClause = 1000;
    public static readonly TimeSpan DefaultLinkLifetime = TimeSpan.FromDays(7);
    public const int MaxLinks = 50;

    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string SchoolId { get; set; } = "";
    [Id(2)] public ChatKind Kind { get; set; }
    [Id(3)] public string Title { get; set; } = "";
    [Id(4)] public string? ClassId { get; set; }
    [Id(5)] public string? Subject { get; set; }
    [Id(6)] public string CreatedBy { get; set; } = "";
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public List<string> ModeratorIds { get; set; } = [];
    [Id(9)] public ChatRules RuleSet { get; set; } = new(0, [], default);
    [Id(10)] public Dictionary<string, ChatMemberRecord> Members { get; set; } = [];
    [Id(11)] public Dictionary<string, ChatInvitation> Invitations { get; set; } = [];
    [Id(12)] public Dictionary<string, ChatLinkRecord> Links { get; set; } = [];

    /// <summary>Archived with the school year: read-only, history kept, members may still leave.</summary>
    [Id(20)] public DateTimeOffset? ArchivedAt { get; set; }

    public static IReadOnlyList<string> NormalizeClauses(IReadOnlyList<string>? clauses, string field)
    {
        var list = (clauses ?? []).Select((c, i) => TextRules.Required(c, $"{field}[{i}]", MaxClause, Rules.Eth4, multiline: true)).ToList();
        if (list.Count is 0 or > MaxClauses)
            throw DomainException.InvalidField(field, ChatErrors.RulesRequired, $"A chat has between 1 and {MaxClauses} numbered rule clauses.", Rules.Eth4);
        return list;
    }

    public void Create(NewChat chat, string creatorId, string creatorName, DateTimeOffset now)
    {
        var title = TextRules.Required(chat.Title, "title", MaxTitle);
        var subject = chat.Subject is null ? null : TextRules.Required(chat.Subject, "subject", MaxTitle);
        var clauses = NormalizeClauses(chat.RuleClauses, "rule_clauses");
        Created = true;
        SchoolId = chat.SchoolId;
        Kind = chat.Kind;
        Title = title;
        ClassId = chat.ClassId;
        Subject = subject;
        CreatedBy = creatorId;
        CreatedAt = now;
        ModeratorIds = [creatorId];
        RuleSet = new ChatRules(1, clauses, now);
        Members[creatorId] = new ChatMemberRecord { UserId = creatorId, DisplayName = creatorName, JoinedAt = now, AcceptedRulesVersion = 1 };
    }

    public ChatMemberRecord RequireMember(string userId) =>
        Created && Members.TryGetValue(userId, out var m)
            ? m
            : throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);

    public void RequireModerator(string userId, string ruleId)
    {
        RequireMember(userId);
        if (!ModeratorIds.Contains(userId))
            throw DomainException.Denied(ChatErrors.NotModerator, "Only the chat's moderators may do this.", ruleId);
    }

    /// <summary>ETH-4: a member takes part only under the rules' current version.</summary>
    public ChatMemberRecord RequireParticipant(string userId)
    {
        var member = RequireMember(userId);
        if (member.AcceptedRulesVersion != RuleSet.Version)
            throw DomainException.Precondition(ChatErrors.RulesNotAccepted, $"The chat's rules changed; accept version {RuleSet.Version} first.", Rules.Eth4);
        return member;
    }

    public ChatLinkRecord CreateLink(string actorId, string linkId, string tokenHash, TimeSpan? lifetime, DateTimeOffset now)
    {
        RequireModerator(actorId, Rules.Chat3);
        var life = lifetime ?? DefaultLinkLifetime;
        if (life <= TimeSpan.Zero || life > TimeSpan.FromDays(30))
            throw DomainException.InvalidField("lifetime", ChatErrors.LinkLifetimeInvalid, "A chat link lives between one minute and 30 days.", Rules.Chat3);
        // Issue 9, bounded state: expired and revoked links go; at most MaxLinks live at once.
        foreach (var gone in Links.Values.Where(l => l.Revoked || now >= l.ExpiresAt).Select(l => l.LinkId).ToList()) Links.Remove(gone);
        if (Links.Count >= MaxLinks && !Links.ContainsKey(linkId))
            throw DomainException.Exhausted(ChatErrors.TooManyLinks, $"A chat has at most {MaxLinks} live links; revoke one or let one expire.", Links.Values.Min(l => l.ExpiresAt) - now, Rules.Chat3);
        var link = new ChatLinkRecord { LinkId = linkId, TokenHash = tokenHash, CreatedBy = actorId, ExpiresAt = now + life };
        Links[linkId] = link;
        return link;
    }

    /// <summary>ETH-3: an invitation is only an offer; nobody becomes a member but by their own acceptance.</summary>
    public ChatInvitation Invite(string actorId, string userId, MemberView invitee, string chatId, DateTimeOffset now)
    {
        var actor = RequireMember(actorId);
        if (!ModeratorIds.Contains(actorId) && Kind != ChatKind.Other)
            throw DomainException.Denied(ChatErrors.NotModerator, "Only the chat's moderators invite.", Rules.Chat3);
        if (Members.ContainsKey(userId)) throw DomainException.Exists(CommonErrors.AlreadyMember, "Already a member of this chat.", Rules.Eth3);
        if (ChatAudience.AdmitsOnceVerified(Kind, ClassId, invitee))
            throw DomainException.Precondition(CommonErrors.TeacherNotVerified, "This chat admits that teacher once an administrator verifies them.", Rules.Org9);
        if (!ChatAudience.Admits(Kind, ClassId, invitee))
            throw DomainException.Precondition(ChatErrors.NotInAudience, "This chat does not admit that member of the school.", Rules.Chat6);
        var invitation = new ChatInvitation(chatId, SchoolId, Title, actor.UserId, now);
        Invitations[userId] = invitation;
        return invitation;
    }

    /// <summary>
    /// ETH-3, ETH-4, CHAT-6: the actor joins by their own act, through a valid link or a pending invitation
    /// (or, for a channel, by subscribing), having accepted the rules' current version, if the chat admits them.
    /// </summary>
    public ChatMemberRecord Join(string userId, string displayName, MemberView? membership, string? linkHash, int acceptedVersion, DateTimeOffset now)
    {
        if (!Created) throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        if (Kind == ChatKind.Personal) throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Chat10);
        if (Members.ContainsKey(userId)) throw DomainException.Exists(CommonErrors.AlreadyMember, "Already a member of this chat.", Rules.Eth3);
        // DIS-1: to someone outside the school the chat does not exist.
        if (membership is null) throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        if (ChatAudience.AdmitsOnceVerified(Kind, ClassId, membership))
            throw DomainException.Denied(CommonErrors.TeacherNotVerified, "This chat admits teachers once an administrator verifies them.", Rules.Org9);
        if (!ChatAudience.Admits(Kind, ClassId, membership))
            throw DomainException.Denied(ChatErrors.NotInAudience, "Only members of the school in a role this chat admits may join it.", Rules.Chat6);

        var invited = Invitations.ContainsKey(userId);
        if (linkHash is not null)
        {
            var link = Links.Values.FirstOrDefault(l => l.TokenHash == linkHash);
            if (link is null || link.Revoked) throw DomainException.NotFound(ChatErrors.LinkNotFound, "No such chat link.", Rules.Chat3);
            if (now >= link.ExpiresAt) throw DomainException.Precondition(ChatErrors.LinkExpired, "This chat link has expired.", Rules.Chat3);
        }
        else if (!invited && !ChatAudience.IsChannel(Kind))
        {
            throw DomainException.Denied(ChatErrors.InvitationRequired, "Join through a chat link or an invitation.", Rules.Chat3);
        }

        if (acceptedVersion != RuleSet.Version)
            throw DomainException.Precondition(ChatErrors.RulesNotAccepted, $"Read and accept the chat's rules (version {RuleSet.Version}) to join.", Rules.Eth4);

        Invitations.Remove(userId);
        var member = new ChatMemberRecord { UserId = userId, DisplayName = displayName, JoinedAt = now, AcceptedRulesVersion = acceptedVersion };
        Members[userId] = member;
        return member;
    }

    public ChatMemberRecord AcceptRules(string userId, int version)
    {
        var member = RequireMember(userId);
        if (version != RuleSet.Version)
            throw DomainException.Precondition(ChatErrors.RulesVersionStale, $"The rules' current version is {RuleSet.Version}.", Rules.Eth4);
        member.AcceptedRulesVersion = version;
        return member;
    }

    /// <summary>A member leaves when they wish; a chat keeps at least one moderator.</summary>
    public void Leave(string userId)
    {
        RequireMember(userId);
        if (ModeratorIds.Count == 1 && ModeratorIds[0] == userId && Members.Count > 1)
            throw DomainException.Precondition(ChatErrors.LastModerator, "Appoint another moderator before leaving: a chat keeps a moderator.", Rules.Eth2);
        Members.Remove(userId);
        ModeratorIds.Remove(userId);
    }

    /// <summary>ETH-4: new rules are a new version; every member but their author must accept it again.</summary>
    public ChatRules SetRules(string actorId, IReadOnlyList<string> clauses, DateTimeOffset now)
    {
        RequireModerator(actorId, Rules.Eth4);
        RuleSet = new ChatRules(RuleSet.Version + 1, NormalizeClauses(clauses, "clauses"), now);
        Members[actorId].AcceptedRulesVersion = RuleSet.Version;
        return RuleSet;
    }

    /// <summary>
    /// ETH-9: removes a member the chat no longer admits (they left the school or their class); a moderator who
    /// goes is replaced by <paramref name="successorId"/> when no moderator is left.
    /// </summary>
    public bool RemoveIfNotAdmitted(string userId, MemberView? membership, string? successorId, string? successorName, DateTimeOffset now)
    {
        if (!Members.ContainsKey(userId)) return false;
        if (membership is not null && ChatAudience.Admits(Kind, ClassId, membership)) return false;
        Members.Remove(userId);
        ModeratorIds.Remove(userId);
        Invitations.Remove(userId);
        if (ModeratorIds.Count == 0 && successorId is not null)
        {
            ModeratorIds.Add(successorId);
            if (!Members.ContainsKey(successorId))
                Members[successorId] = new ChatMemberRecord { UserId = successorId, DisplayName = successorName ?? successorId, JoinedAt = now, AcceptedRulesVersion = RuleSet.Version };
        }

        return true;
    }

    public ChatView View(string chatId, long lastSeq) => new(
        chatId, SchoolId, Kind, Title, ClassId, Subject, CreatedBy, CreatedAt, ModeratorIds.ToList(), Members.Count, RuleSet, lastSeq, ArchivedAt);
}

[GenerateSerializer, Alias("ds.ChatMemberRecord")]
public sealed class ChatMemberRecord
{
    [Id(0)] public string UserId { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public DateTimeOffset JoinedAt { get; set; }
    [Id(3)] public int AcceptedRulesVersion { get; set; }

    /// <summary>The member's role in the school when they joined, for usage counts by role (DIS-4).</summary>
    [Id(4)] public string? Role { get; set; }
}

[GenerateSerializer, Alias("ds.ChatLinkRecord")]
public sealed class ChatLinkRecord
{
    [Id(0)] public string LinkId { get; set; } = "";
    [Id(1)] public string TokenHash { get; set; } = "";
    [Id(2)] public string CreatedBy { get; set; } = "";
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public bool Revoked { get; set; }
}
