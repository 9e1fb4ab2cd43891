using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Meetings;

/// <summary>What the organiser knows of the chat a meeting is held in.</summary>
public sealed record ChatFacts(ChatKind Kind, string SchoolId, string? ClassId, bool OrganizerIsMember);

/// <summary>
/// Who may organise which meeting, for whom, and who may join (CHAT-9, ORG-13, ORG-17). The README's rule table
/// is this class. Pure: no Orleans, no I/O.
/// </summary>
public static class MeetingRules
{
    public const int MaxTitleLength = 200;
    public const int MaxAgendaLength = 4000;
    public const int MaxWeeklyOccurrences = 40;
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(8);

    /// <summary>The audiences each kind may have.</summary>
    public static IReadOnlyList<AudienceKind> AudiencesOf(MeetingKind kind) => kind switch
    {
        MeetingKind.Call => [AudienceKind.Chat],
        MeetingKind.OnlineLesson => [AudienceKind.Chat, AudienceKind.Class],
        MeetingKind.ParentMeeting => [AudienceKind.Class, AudienceKind.Chat],
        MeetingKind.TeachersCouncil => [AudienceKind.Staff],
        MeetingKind.WorkMeeting => [AudienceKind.Staff, AudienceKind.Chat],
        MeetingKind.Broadcast => [AudienceKind.School, AudienceKind.Staff, AudienceKind.Class],
        _ => [],
    };

    /// <summary>At most this many people join one occurrence; null: unlimited (broadcast viewers).</summary>
    public static int? CapacityOf(MeetingKind kind, int capacity) => kind == MeetingKind.Broadcast ? null : capacity;

    public static bool IsSupervisor(MemberView m) => (m.Roles & (SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator)) != 0;

    public static bool IsStaff(MemberView m) =>
        (m.Roles & (SchoolRoles.Teacher | SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator)) != 0;

    private static string RuleOf(MeetingKind kind) => kind == MeetingKind.Broadcast ? Rules.Org13 : Rules.Chat9;

    /// <summary>The shape of a new meeting: text, time, recurrence, audience kind, stream URL.</summary>
    public static NewMeeting Validate(NewMeeting m, DateTimeOffset now)
    {
        if (!Enum.IsDefined(m.Kind)) throw DomainException.InvalidField("kind", MeetingErrors.MeetingKindInvalid, "Unknown meeting kind.", Rules.Chat9);
        var title = TextRules.Required(m.Title, "title", MaxTitleLength, RuleOf(m.Kind));
        var agenda = TextRules.Optional(m.Agenda, "agenda", MaxAgendaLength, RuleOf(m.Kind), multiline: true);
        EnsureTime(m.Start, m.Duration, now, m.Kind);
        if (m.WeeklyOccurrences < 1 || m.WeeklyOccurrences > MaxWeeklyOccurrences)
            throw DomainException.InvalidField("weekly_occurrences", MeetingErrors.RecurrenceInvalid, $"A weekly series has 1 to {MaxWeeklyOccurrences} occurrences.", Rules.Chat9);
        if (m.WeeklyOccurrences > 1 && m.Kind != MeetingKind.OnlineLesson)
            throw DomainException.InvalidField("weekly_occurrences", MeetingErrors.RecurrenceInvalid, "Only online lessons repeat weekly.", Rules.Chat9);
        if (!AudiencesOf(m.Kind).Contains(m.Audience.Kind))
            throw DomainException.InvalidField("audience.kind", MeetingErrors.AudienceInvalid, $"A {m.Kind} is not held for this audience.", RuleOf(m.Kind));
        if (m.Audience.Kind == AudienceKind.Chat && string.IsNullOrEmpty(m.Audience.ChatId))
            throw DomainException.InvalidField("audience.chat_id", MeetingErrors.AudienceInvalid, "The meeting's chat is missing.", RuleOf(m.Kind));
        if (m.Audience.Kind == AudienceKind.Class)
        {
            if (string.IsNullOrEmpty(m.Audience.ClassId))
                throw DomainException.InvalidField("audience.class_id", MeetingErrors.AudienceInvalid, "The meeting's class is missing.", RuleOf(m.Kind));
            if (!m.Audience.Students && !m.Audience.Parents)
                throw DomainException.InvalidField("audience.students", MeetingErrors.AudienceInvalid, "Choose the class's students, parents or both.", RuleOf(m.Kind));
            if (m.Kind == MeetingKind.OnlineLesson && m.Audience.Parents)
                throw DomainException.InvalidField("audience.parents", MeetingErrors.AudienceInvalid, "An online lesson is for the class's students.", Rules.Chat9);
            if (m.Kind == MeetingKind.ParentMeeting && !m.Audience.Parents)
                throw DomainException.InvalidField("audience.parents", MeetingErrors.AudienceInvalid, "A parent meeting is for the class's parents.", Rules.Chat9);
        }

        var audience = m.Audience.Kind switch
        {
            AudienceKind.Chat => MeetingAudience.OfChat(m.Audience.ChatId!),
            AudienceKind.Class => MeetingAudience.OfClass(m.Audience.ClassId!, m.Audience.Students, m.Audience.Parents),
            _ => new MeetingAudience(m.Audience.Kind),
        };
        string? streamUrl = null;
        if (m.StreamUrl is { Length: > 0 } url)
        {
            if (m.Kind != MeetingKind.Broadcast)
                throw DomainException.InvalidField("stream_url", MeetingErrors.StreamUrlInvalid, "Only a broadcast has a stream URL.", Rules.Org13);
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                throw DomainException.InvalidField("stream_url", MeetingErrors.StreamUrlInvalid, "The stream URL must be an http(s) address.", Rules.Org13);
            streamUrl = uri.ToString();
        }

        if (m.QuestionsChatId is { Length: > 0 } && m.Kind != MeetingKind.Broadcast)
            throw DomainException.InvalidField("questions_chat_id", MeetingErrors.QuestionsChatInvalid, "Only a broadcast has a chat for questions.", Rules.Org13);
        return m with
        {
            Title = title,
            Agenda = agenda,
            Audience = audience,
            StreamUrl = streamUrl,
            QuestionsChatId = m.QuestionsChatId is { Length: > 0 } q ? q : null,
        };
    }

    public static void EnsureTime(DateTimeOffset start, TimeSpan duration, DateTimeOffset now, MeetingKind kind)
    {
        if (duration < MinDuration || duration > MaxDuration)
            throw DomainException.InvalidField("duration", MeetingErrors.DurationInvalid, "A meeting lasts from 5 minutes to 8 hours.", RuleOf(kind));
        if (start + duration <= now)
            throw DomainException.InvalidField("start", MeetingErrors.StartInPast, "The meeting would be over before it is planned.", RuleOf(kind));
    }

    /// <summary>
    /// The rule table: verified teachers hold calls and lessons in chats they belong to (a class teacher also a
    /// lesson for their class's students); the class teacher holds parent meetings of their class; the director,
    /// deputies and administrators hold teachers' councils, work meetings and broadcasts.
    /// </summary>
    public static void EnsureMayOrganise(NewMeeting m, MemberView organiser, ClassView? schoolClass, ChatFacts? chat)
    {
        var rule = RuleOf(m.Kind);
        var teacher = (organiser.Roles & SchoolRoles.Teacher) != 0;
        if (m.Audience.Kind == AudienceKind.Chat && (chat is null || chat.SchoolId != m.SchoolId || !chat.OrganizerIsMember))
            throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        switch (m.Kind)
        {
            case MeetingKind.Call:
            case MeetingKind.OnlineLesson:
                if (!teacher) throw Denied("Only teachers hold calls and online lessons.", rule);
                if (!organiser.VerifiedTeacher) throw UnverifiedTeacher();
                if (m.Audience.Kind == AudienceKind.Class && !IsClassTeacher(organiser, schoolClass))
                    throw Denied("Only the class teacher holds a lesson for the whole class; use a class or subject chat.", rule);
                if (m.Audience.Kind == AudienceKind.Chat && chat!.Kind is ChatKind.SchoolChannel or ChatKind.StaffChannel)
                    throw DomainException.InvalidField("audience.chat_id", MeetingErrors.AudienceInvalid, "Calls and lessons are held in chats, not channels.", rule);
                break;
            case MeetingKind.ParentMeeting:
                if (!teacher) throw Denied("Only the class teacher holds a parent meeting.", rule);
                if (!organiser.VerifiedTeacher) throw UnverifiedTeacher();
                if (m.Audience.Kind == AudienceKind.Chat && (chat!.Kind != ChatKind.ClassParents || chat.ClassId is null))
                    throw DomainException.InvalidField("audience.chat_id", MeetingErrors.AudienceInvalid, "A parent meeting is held in a class's parents' chat.", rule);
                if (!IsClassTeacher(organiser, schoolClass))
                    throw Denied("Only the class teacher holds the class's parent meeting.", rule);
                break;
            default:
                if (!IsSupervisor(organiser))
                    throw Denied(m.Kind == MeetingKind.Broadcast
                        ? "Only the school's administrators, director and deputies plan broadcasts."
                        : "Only the school's director, deputies and administrators hold councils and work meetings.", rule);
                break;
        }
    }

    private static bool IsClassTeacher(MemberView m, ClassView? c) => c is not null && c.ClassTeacherIds.Contains(m.UserId);

    private static DomainException Denied(string message, string rule) => DomainException.Denied(MeetingErrors.MeetingNotAllowed, message, rule);

    private static DomainException UnverifiedTeacher() =>
        DomainException.Denied(CommonErrors.TeacherNotVerified, "An administrator has not verified you as a teacher yet.", Rules.Org9);

    /// <summary>
    /// Whether a member is in the meeting's audience. The organiser always is; with <paramref name="supervisorsLookIn"/>
    /// the school's supervisors may look in on any meeting of their school (ORG-17), though it is not in their calendar.
    /// </summary>
    public static bool Admits(MeetingAudience a, string organizerId, MemberView m, ClassView? schoolClass, bool memberOfChat, bool supervisorsLookIn)
    {
        if (m.UserId == organizerId || (supervisorsLookIn && IsSupervisor(m))) return true;
        return a.Kind switch
        {
            AudienceKind.School => true,
            AudienceKind.Staff => IsStaff(m),
            AudienceKind.Chat => memberOfChat,
            AudienceKind.Class => (schoolClass?.ClassTeacherIds.Contains(m.UserId) ?? false)
                || (a.Students && m.Classes.Any(p => p.ClassId == a.ClassId && p.Role == JoinRole.Student))
                || (a.Parents && m.Classes.Any(p => p.ClassId == a.ClassId && p.Role == JoinRole.Parent)),
            _ => false,
        };
    }

    /// <summary>The organiser, teachers and supervisors moderate the conference room.</summary>
    public static bool IsModerator(string organizerId, MemberView m) =>
        m.UserId == organizerId || (m.Roles & SchoolRoles.Teacher) != 0 || IsSupervisor(m);

    /// <summary>Who manages the meeting: its organiser and the school's supervisors.</summary>
    public static void EnsureMayManage(string organizerId, MemberView m, MeetingKind kind)
    {
        if (m.UserId != organizerId && !IsSupervisor(m))
            throw Denied("Only the organiser or the school's administration changes this meeting.", RuleOf(kind));
    }

    /// <summary>
    /// Calls and lessons take at most <paramref name="capacity"/> people per occurrence; a re-join takes no second place.
    /// A place taken is not given back within the occurrence, so a retry can succeed only after <paramref name="occurrenceLeft"/>.
    /// </summary>
    public static void EnsureCapacity(int? capacity, IReadOnlyCollection<string> participants, string userId, MeetingKind kind, TimeSpan occurrenceLeft)
    {
        if (capacity is { } max && !participants.Contains(userId) && participants.Count >= max)
            throw DomainException.Exhausted(MeetingErrors.MeetingFull, $"This meeting already has {max} participants.", occurrenceLeft, RuleOf(kind));
    }

    /// <summary>The role a statistic counts a person in.</summary>
    public static string RoleOf(MemberView m) =>
        (m.Roles & SchoolRoles.Director) != 0 ? "director" : (m.Roles & SchoolRoles.Deputy) != 0 ? "deputy"
        : (m.Roles & SchoolRoles.Administrator) != 0 ? "administrator" : (m.Roles & SchoolRoles.Teacher) != 0 ? "teacher"
        : (m.Roles & SchoolRoles.Student) != 0 ? "student" : (m.Roles & SchoolRoles.Parent) != 0 ? "parent" : "member";
}
