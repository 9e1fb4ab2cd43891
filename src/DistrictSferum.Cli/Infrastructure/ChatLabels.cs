using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// The words sferumctl uses for chats' enums: on the command line (<c>--kind class-students</c>) and in tables.
/// <c>--json</c> keeps the proto names (<c>CHAT_KIND_CLASS_STUDENTS</c>).
/// </summary>
internal static class ChatLabels
{
    /// <summary>The kinds people create (CHAT-1, CHAT-2, ORG-15); the school's two channels exist from registration (ORG-12).</summary>
    public static readonly IReadOnlyDictionary<string, ChatKind> CreatableKinds = new Dictionary<string, ChatKind>
    {
        ["class-students"] = ChatKind.ClassStudents,
        ["class-parents"] = ChatKind.ClassParents,
        ["class-teachers"] = ChatKind.ClassTeachers,
        ["subject"] = ChatKind.Subject,
        ["admins"] = ChatKind.Admins,
        ["staff-room"] = ChatKind.StaffRoom,
        ["parents-council"] = ChatKind.ParentsCouncil,
        ["students-council"] = ChatKind.StudentsCouncil,
        ["other"] = ChatKind.Other,
    };

    public static string Of(ChatKind kind) => kind switch
    {
        ChatKind.SchoolChannel => "school channel",
        ChatKind.StaffChannel => "staff channel",
        _ => CreatableKinds.FirstOrDefault(p => p.Value == kind).Key ?? kind.ToString(),
    };

    /// <summary>"1. clause", one line per clause: clause 1 is <c>clauses[0]</c>.</summary>
    public static IEnumerable<string> Numbered(IEnumerable<string> clauses) => clauses.Select((clause, index) => $"{index + 1}. {clause}");
}
