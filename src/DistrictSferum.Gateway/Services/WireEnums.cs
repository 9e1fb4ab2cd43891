using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Schools;
using Proto = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Services;

/// <summary>Every enum that crosses the wire, as one explicit table each (wire value, domain value).</summary>
public static class WireEnums
{
    public static readonly EnumMap<Proto.ChatKind, ChatKind> ChatKinds = new(ChatErrors.ChatKindInvalid,
        (Proto.ChatKind.ClassStudents, ChatKind.ClassStudents),
        (Proto.ChatKind.ClassParents, ChatKind.ClassParents),
        (Proto.ChatKind.ClassTeachers, ChatKind.ClassTeachers),
        (Proto.ChatKind.Subject, ChatKind.Subject),
        (Proto.ChatKind.Admins, ChatKind.Admins),
        (Proto.ChatKind.StaffRoom, ChatKind.StaffRoom),
        (Proto.ChatKind.ParentsCouncil, ChatKind.ParentsCouncil),
        (Proto.ChatKind.StudentsCouncil, ChatKind.StudentsCouncil),
        (Proto.ChatKind.Other, ChatKind.Other),
        (Proto.ChatKind.SchoolChannel, ChatKind.SchoolChannel),
        (Proto.ChatKind.StaffChannel, ChatKind.StaffChannel),
        (Proto.ChatKind.Personal, ChatKind.Personal),
        (Proto.ChatKind.CommunityChat, ChatKind.CommunityChat),
        (Proto.ChatKind.CommunityChannel, ChatKind.CommunityChannel));

    public static readonly EnumMap<Proto.ChatEventKind, ChatEventKind> ChatEventKinds = new(CommonErrors.EnumValueInvalid,
        (Proto.ChatEventKind.Posted, ChatEventKind.Posted),
        (Proto.ChatEventKind.Edited, ChatEventKind.Edited),
        (Proto.ChatEventKind.Deleted, ChatEventKind.Deleted),
        (Proto.ChatEventKind.MemberJoined, ChatEventKind.MemberJoined),
        (Proto.ChatEventKind.MemberLeft, ChatEventKind.MemberLeft),
        (Proto.ChatEventKind.RulesChanged, ChatEventKind.RulesChanged),
        (Proto.ChatEventKind.MemberRemoved, ChatEventKind.MemberRemoved),
        (Proto.ChatEventKind.ViolationRecorded, ChatEventKind.ViolationRecorded),
        (Proto.ChatEventKind.MemberBlocked, ChatEventKind.MemberBlocked),
        (Proto.ChatEventKind.Apology, ChatEventKind.Apology),
        (Proto.ChatEventKind.ObjectionRaised, ChatEventKind.ObjectionRaised),
        (Proto.ChatEventKind.EarlyUnblockPossible, ChatEventKind.EarlyUnblockPossible),
        (Proto.ChatEventKind.BlockEnded, ChatEventKind.BlockEnded),
        (Proto.ChatEventKind.ModeratorAppointed, ChatEventKind.ModeratorAppointed),
        (Proto.ChatEventKind.MeetingNotice, ChatEventKind.MeetingNotice),
        (Proto.ChatEventKind.PollOpened, ChatEventKind.PollOpened),
        (Proto.ChatEventKind.PollVotes, ChatEventKind.PollVotes),
        (Proto.ChatEventKind.PollClosed, ChatEventKind.PollClosed),
        (Proto.ChatEventKind.ChatArchived, ChatEventKind.ChatArchived));

    public static readonly EnumMap<Proto.ClassKind, ClassKind> ClassKinds = new(SchoolErrors.ClassKindInvalid,
        (Proto.ClassKind.Grade, ClassKind.Grade),
        (Proto.ClassKind.Additional, ClassKind.Additional),
        (Proto.ClassKind.StaffRoom, ClassKind.StaffRoom));

    public static readonly EnumMap<Proto.JoinRole, JoinRole> JoinRoles = new(SchoolErrors.RoleInvalid,
        (Proto.JoinRole.Teacher, JoinRole.Teacher),
        (Proto.JoinRole.Student, JoinRole.Student),
        (Proto.JoinRole.Parent, JoinRole.Parent));

    public static readonly EnumMap<Proto.JoinRequestStatus, JoinRequestStatus> JoinRequestStatuses = new(CommonErrors.EnumValueInvalid,
        (Proto.JoinRequestStatus.Pending, JoinRequestStatus.Pending),
        (Proto.JoinRequestStatus.Accepted, JoinRequestStatus.Accepted),
        (Proto.JoinRequestStatus.Rejected, JoinRequestStatus.Rejected));

    /// <summary>Role badges: each wire value is one flag of the domain's <see cref="SchoolRoles"/>.</summary>
    public static readonly EnumMap<Proto.SchoolRole, SchoolRoles> SchoolRoles = new(SchoolErrors.RoleInvalid,
        (Proto.SchoolRole.Administrator, Contracts.Schools.SchoolRoles.Administrator),
        (Proto.SchoolRole.Teacher, Contracts.Schools.SchoolRoles.Teacher),
        (Proto.SchoolRole.Student, Contracts.Schools.SchoolRoles.Student),
        (Proto.SchoolRole.Parent, Contracts.Schools.SchoolRoles.Parent),
        (Proto.SchoolRole.Director, Contracts.Schools.SchoolRoles.Director),
        (Proto.SchoolRole.Deputy, Contracts.Schools.SchoolRoles.Deputy));

    public static readonly EnumMap<Proto.MovementKind, MovementKind> MovementKinds = new(CommonErrors.EnumValueInvalid,
        (Proto.MovementKind.Joined, MovementKind.Joined),
        (Proto.MovementKind.StudentMoved, MovementKind.StudentMoved),
        (Proto.MovementKind.StudentLeft, MovementKind.StudentLeft),
        (Proto.MovementKind.EmployeeLeft, MovementKind.EmployeeLeft),
        (Proto.MovementKind.ParentLeft, MovementKind.ParentLeft));

    public static readonly EnumMap<Proto.MeetingKind, MeetingKind> MeetingKinds = new(MeetingErrors.MeetingKindInvalid,
        (Proto.MeetingKind.Call, MeetingKind.Call),
        (Proto.MeetingKind.OnlineLesson, MeetingKind.OnlineLesson),
        (Proto.MeetingKind.ParentMeeting, MeetingKind.ParentMeeting),
        (Proto.MeetingKind.TeachersCouncil, MeetingKind.TeachersCouncil),
        (Proto.MeetingKind.WorkMeeting, MeetingKind.WorkMeeting),
        (Proto.MeetingKind.Broadcast, MeetingKind.Broadcast));

    public static readonly EnumMap<Proto.AudienceKind, AudienceKind> AudienceKinds = new(MeetingErrors.AudienceInvalid,
        (Proto.AudienceKind.Chat, AudienceKind.Chat),
        (Proto.AudienceKind.Class, AudienceKind.Class),
        (Proto.AudienceKind.Staff, AudienceKind.Staff),
        (Proto.AudienceKind.School, AudienceKind.School));

    public static readonly EnumMap<Proto.MeetingStatus, MeetingStatus> MeetingStatuses = new(CommonErrors.EnumValueInvalid,
        (Proto.MeetingStatus.Scheduled, MeetingStatus.Scheduled),
        (Proto.MeetingStatus.Live, MeetingStatus.Live),
        (Proto.MeetingStatus.Ended, MeetingStatus.Ended),
        (Proto.MeetingStatus.Cancelled, MeetingStatus.Cancelled));

    public static readonly EnumMap<Proto.MeetingNoticeKind, MeetingNoticeKind> MeetingNoticeKinds = new(CommonErrors.EnumValueInvalid,
        (Proto.MeetingNoticeKind.Created, MeetingNoticeKind.Created),
        (Proto.MeetingNoticeKind.Rescheduled, MeetingNoticeKind.Rescheduled),
        (Proto.MeetingNoticeKind.Cancelled, MeetingNoticeKind.Cancelled),
        (Proto.MeetingNoticeKind.OccurrenceCancelled, MeetingNoticeKind.OccurrenceCancelled),
        (Proto.MeetingNoticeKind.Reminder, MeetingNoticeKind.Reminder),
        (Proto.MeetingNoticeKind.Started, MeetingNoticeKind.Started),
        (Proto.MeetingNoticeKind.Ended, MeetingNoticeKind.Ended));
}
