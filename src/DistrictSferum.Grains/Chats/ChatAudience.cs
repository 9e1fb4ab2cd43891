using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Chats;

/// <summary>Pure rules of who may start a chat of each kind and whom it admits (CHAT-1, CHAT-2, CHAT-6, ETH-1, ORG-12, ORG-15).</summary>
public static class ChatAudience
{
    private const SchoolRoles Management = SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator;
    private const SchoolRoles Staff = Management | SchoolRoles.Teacher;

    public static bool IsChannel(ChatKind kind) => kind is ChatKind.SchoolChannel or ChatKind.StaffChannel or ChatKind.CommunityChannel;

    /// <summary>A district community's chat or channel (DIS-2): its space is the community, not a school.</summary>
    public static bool IsCommunity(ChatKind kind) => kind is ChatKind.CommunityChat or ChatKind.CommunityChannel;

    public static bool IsClassBound(ChatKind kind) => kind is ChatKind.ClassStudents or ChatKind.ClassParents or ChatKind.ClassTeachers or ChatKind.Subject;

    /// <summary>
    /// CHAT-6: only members of the school, in a role this chat admits. ORG-9, CHAT-5: the staff room, the staff channel
    /// and subject chats admit a teacher only once verified (management always), and so do the class chats: a teacher
    /// placed in a class through its link is not shown its pupils and parents until an administrator verifies them.
    /// </summary>
    public static bool Admits(ChatKind kind, string? classId, MemberView m)
    {
        bool In(JoinRole role) => m.Classes.Contains(new ClassPlacement(classId!, role));
        bool Any(SchoolRoles roles) => (m.Roles & roles) != 0;
        var verifiedTeacher = Any(SchoolRoles.Teacher) && m.VerifiedTeacher;
        var classTeacher = In(JoinRole.Teacher) && (verifiedTeacher || Any(Management));
        return kind switch
        {
            ChatKind.ClassStudents => In(JoinRole.Student) || classTeacher,
            ChatKind.ClassParents => In(JoinRole.Parent) || classTeacher,
            ChatKind.ClassTeachers => classTeacher,
            ChatKind.Subject => In(JoinRole.Student) || verifiedTeacher,
            ChatKind.Admins => Any(Management),
            ChatKind.StaffRoom or ChatKind.StaffChannel => Any(Management) || verifiedTeacher,
            ChatKind.ParentsCouncil => Any(SchoolRoles.Parent | Management),
            ChatKind.StudentsCouncil => Any(SchoolRoles.Student | Management),
            ChatKind.Other or ChatKind.SchoolChannel or ChatKind.Personal => true,
            // The community answers only for its members.
            ChatKind.CommunityChat or ChatKind.CommunityChannel => true,
            _ => false,
        };
    }

    /// <summary>ORG-9: refused only for want of the badge: the same member, verified, would be admitted.</summary>
    public static bool AdmitsOnceVerified(ChatKind kind, string? classId, MemberView m) =>
        !Admits(kind, classId, m) && (m.Roles & SchoolRoles.Teacher) != 0 && !m.VerifiedTeacher && Admits(kind, classId, m with { VerifiedTeacher = true });

    /// <summary>Who may post: in channels only administrators and the director (ORG-12); elsewhere every member.</summary>
    public static bool MayPost(ChatKind kind, MemberView m) =>
        !IsChannel(kind) || (m.Roles & (SchoolRoles.Administrator | SchoolRoles.Director)) != 0;

    /// <summary>Refuses a creator the rules do not allow for this kind.</summary>
    public static void EnsureMayCreate(NewChat chat, MemberView creator, ClassView? schoolClass)
    {
        bool Has(SchoolRoles roles) => (creator.Roles & roles) != 0;
        var verifiedTeacher = Has(SchoolRoles.Teacher) && creator.VerifiedTeacher;
        switch (chat.Kind)
        {
            case ChatKind.SchoolChannel or ChatKind.StaffChannel:
                throw DomainException.InvalidField("kind", ChatErrors.ChannelIsSystem, "The school's channels exist from its registration.", Rules.Org12);
            case ChatKind.CommunityChat or ChatKind.CommunityChannel:
                throw DomainException.InvalidField("kind", ChatErrors.ChatKindInvalid, "A community's chats are opened through the community (CommunityService).", Rules.Dis2);
            case ChatKind.ClassStudents or ChatKind.ClassParents or ChatKind.ClassTeachers:
                if (!Has(SchoolRoles.Teacher)) throw NotStaff();
                if (!creator.VerifiedTeacher) throw Unverified();
                if (schoolClass is null || !schoolClass.ClassTeacherIds.Contains(creator.UserId))
                    throw DomainException.Denied(CommonErrors.NotClassTeacher, "Only the class teacher creates the class's chats.", Rules.Chat1);
                break;
            case ChatKind.Subject:
                if (!Has(SchoolRoles.Teacher)) throw NotStaff();
                if (!verifiedTeacher) throw Unverified();
                if (string.IsNullOrWhiteSpace(chat.Subject))
                    throw DomainException.InvalidField("subject", ChatErrors.SubjectRequired, "A subject chat names its subject.", Rules.Chat2);
                break;
            case ChatKind.Admins or ChatKind.StaffRoom or ChatKind.ParentsCouncil or ChatKind.StudentsCouncil:
                if (!Has(Management))
                    throw DomainException.Denied(ChatErrors.NotManagement, "Management chats are created by the director, deputies and administrators.", Rules.Org15);
                break;
            case ChatKind.Other:
                if (!Has(SchoolRoles.Teacher)) throw NotStaff();
                if (!verifiedTeacher) throw Unverified();
                break;
            default:
                throw DomainException.Invalid(ChatErrors.ChatKindInvalid, "Unknown chat kind.");
        }

        if (IsClassBound(chat.Kind) && schoolClass is null)
            throw DomainException.InvalidField("class_id", ChatErrors.ClassRequired, "A class or subject chat names its class.", Rules.Chat1);
        if (schoolClass is { Archived: true })
            throw DomainException.Precondition(CommonErrors.ClassArchived, "The class is archived.", Rules.Chat1);
    }

    private static DomainException NotStaff() =>
        DomainException.Denied(ChatErrors.NotTeachingStaff, "Group chats are created on the initiative of the school's teaching staff.", Rules.Eth1);

    private static DomainException Unverified() =>
        DomainException.Denied(CommonErrors.TeacherNotVerified, "An administrator has not yet verified this teacher.", Rules.Org9);
}
