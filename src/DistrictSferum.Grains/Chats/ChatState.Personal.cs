using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Chats;

[GenerateSerializer, Alias("ds.PersonalStatus")]
public enum PersonalStatus
{
    None = 0,
    /// <summary>The first message waits for the recipient's answer.</summary>
    Requested = 1,
    Open = 2,
    Declined = 3,
    /// <summary>One of the two left the school (ETH-9).</summary>
    Ended = 4,
}

/// <summary>
/// Personal conversations (CHAT-10): exactly two members of one school; voluntary (ETH-3): the first message is a
/// request the recipient accepts or declines; a declined or personally blocked sender cannot write again.
/// </summary>
public sealed partial class ChatState
{
    public const string PersonalTitle = "Личная переписка";

    [Id(16)] public PersonalStatus Personal { get; set; }
    [Id(17)] public string? InitiatorId { get; set; }
    [Id(18)] public string? RecipientId { get; set; }
    /// <summary>Members the other side blocked personally.</summary>
    [Id(19)] public List<string> PersonallyBlocked { get; set; } = [];

    public ChatInvitation StartPersonal(string chatId, string schoolId, string initiatorId, string initiatorName, string recipientId, DateTimeOffset now)
    {
        if (Created)
        {
            if (Personal == PersonalStatus.Declined && initiatorId == InitiatorId)
                throw DomainException.Precondition(ChatErrors.PersonalDeclined, "Your request was declined; you cannot write to this member.", Rules.Eth3);
            if (PersonallyBlocked.Contains(initiatorId))
                throw DomainException.Precondition(ChatErrors.PersonalBlocked, "This member blocked you; you cannot write to them.", Rules.Chat10);
            throw DomainException.Exists(ChatErrors.ChatExists, "You already have a conversation with this member; send your message in it.", Rules.Chat10);
        }

        Create(new NewChat(schoolId, ChatKind.Personal, PersonalTitle, null, null, ["Общение по правилам школы: уважительно и по делу."]), initiatorId, initiatorName, now);
        ModeratorIds = [];
        Personal = PersonalStatus.Requested;
        InitiatorId = initiatorId;
        RecipientId = recipientId;
        var invitation = new ChatInvitation(chatId, schoolId, $"{PersonalTitle}: {initiatorName}", initiatorId, now);
        Invitations[recipientId] = invitation;
        return invitation;
    }

    /// <summary>The recipient of a pending request: they read its first message before answering.</summary>
    public bool IsPendingRecipient(string userId) => Personal == PersonalStatus.Requested && RecipientId == userId;

    public ChatMemberRecord AcceptPersonal(string userId, string displayName, DateTimeOffset now)
    {
        RequirePendingRecipient(userId);
        Invitations.Remove(userId);
        Personal = PersonalStatus.Open;
        var member = new ChatMemberRecord { UserId = userId, DisplayName = displayName, JoinedAt = now, AcceptedRulesVersion = RuleSet.Version };
        Members[userId] = member;
        return member;
    }

    public void DeclinePersonal(string userId)
    {
        RequirePendingRecipient(userId);
        Invitations.Remove(userId);
        Personal = PersonalStatus.Declined;
    }

    /// <summary>Either side blocks the other: the other cannot write again (their earlier messages stay for reports).</summary>
    public string BlockPersonal(string userId)
    {
        if (!Created || !(Members.ContainsKey(userId) || IsPendingRecipient(userId))) throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        if (Kind != ChatKind.Personal) throw DomainException.Precondition(ChatErrors.NotPersonal, "Only personal conversations are blocked this way.", Rules.Chat10);
        var other = userId == InitiatorId ? RecipientId : userId == RecipientId ? InitiatorId : null;
        if (other is null || !(Members.ContainsKey(userId) || IsPendingRecipient(userId)))
            throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        if (!PersonallyBlocked.Contains(other)) PersonallyBlocked.Add(other);
        if (Personal == PersonalStatus.Requested && userId == RecipientId)
        {
            Invitations.Remove(userId);
            Personal = PersonalStatus.Declined;
        }

        return other;
    }

    /// <summary>
    /// CHAT-10, ETH-3: who may write in a personal conversation now. Writing is every change that adds to or alters what
    /// the other reads: sending, editing an earlier message, opening a poll, voting. Deleting one's own message is not.
    /// </summary>
    public void EnsureMayWritePersonal(string userId)
    {
        if (PersonalWriteRefusal(userId) is { } refusal) throw refusal;
    }

    /// <summary>Why the member may not write in this personal conversation now, or null (also null in other chats).</summary>
    public DomainException? PersonalWriteRefusal(string userId)
    {
        if (Kind != ChatKind.Personal) return null;
        if (PersonallyBlocked.Contains(userId))
            return DomainException.Precondition(ChatErrors.PersonalBlocked, "This member blocked you; you cannot write to them.", Rules.Chat10);
        return Personal switch
        {
            PersonalStatus.Requested => DomainException.Precondition(ChatErrors.PersonalRequestPending, "Your first message waits for the recipient's answer.", Rules.Eth3),
            PersonalStatus.Declined => DomainException.Precondition(ChatErrors.PersonalDeclined, "Your request was declined; you cannot write to this member.", Rules.Eth3),
            PersonalStatus.Ended => DomainException.Precondition(ChatErrors.PersonalEnded, "The other member left the school; the conversation has ended.", Rules.Eth9),
            _ => null,
        };
    }

    /// <summary>Refuses anyone but the recipient of a request still waiting for an answer (NOT_FOUND to strangers).</summary>
    public void RequirePendingRecipient(string userId)
    {
        if (!Created || Kind != ChatKind.Personal || (RecipientId != userId && !Members.ContainsKey(userId)))
            throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        if (!IsPendingRecipient(userId))
            throw DomainException.Precondition(ChatErrors.PersonalRequestPending, "There is no request waiting for your answer.", Rules.Eth3);
    }
}

/// <summary>Who may start a personal conversation with whom (CHAT-10). Pure.</summary>
public static class PersonalRules
{
    private const SchoolRoles Management = SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator;

    /// <summary>Staff: the school's management and its verified teachers.</summary>
    public static bool IsStaff(MemberView m) => (m.Roles & Management) != 0 || ((m.Roles & SchoolRoles.Teacher) != 0 && m.VerifiedTeacher);

    /// <summary>
    /// Staff with any member of their school; parents and students with staff; parent with parent and student with student
    /// only where the school enabled it, and never a pupil of grades 1-4. Nothing else.
    /// </summary>
    public static void EnsureMayStart(MemberView initiator, MemberView recipient, PersonalSettings settings, Func<MemberView, bool> isYoungPupil)
    {
        if (initiator.UserId == recipient.UserId)
            throw DomainException.InvalidField("user_id", ChatErrors.PersonalNotAllowed, "A conversation is with someone else.", Rules.Chat10);
        if (IsStaff(initiator) || IsStaff(recipient)) return;
        bool Is(MemberView m, SchoolRoles role) => (m.Roles & role) != 0;
        if (Is(initiator, SchoolRoles.Parent) && Is(recipient, SchoolRoles.Parent) && settings.ParentsWithParents) return;
        if (Is(initiator, SchoolRoles.Student) && Is(recipient, SchoolRoles.Student) && settings.StudentsWithStudents
            && !isYoungPupil(initiator) && !isYoungPupil(recipient)) return;
        throw DomainException.Denied(ChatErrors.PersonalNotAllowed,
            "Parents and students write personally to the school's staff; with each other only where the school allows it, and never with pupils of grades 1-4.",
            Rules.Chat10);
    }

    /// <summary>The grade of a class named like "3Б" or "10 А"; null for other names.</summary>
    public static int? Grade(string className)
    {
        var digits = new string(className.TrimStart().TakeWhile(char.IsAsciiDigit).ToArray());
        return digits.Length is > 0 and <= 2 ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
