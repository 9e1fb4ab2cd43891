using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Grains.Statistics;

/// <summary>How dimension values are spelled in cells, responses and the BI views.</summary>
public static class UsageNames
{
    public static string ChatKind(ChatKind kind) => kind switch
    {
        Contracts.Chats.ChatKind.ClassStudents => "class_students",
        Contracts.Chats.ChatKind.ClassParents => "class_parents",
        Contracts.Chats.ChatKind.ClassTeachers => "class_teachers",
        Contracts.Chats.ChatKind.Subject => "subject",
        Contracts.Chats.ChatKind.Admins => "admins",
        Contracts.Chats.ChatKind.StaffRoom => "staff_room",
        _ => System.Text.RegularExpressions.Regex.Replace(kind.ToString(), "(?<=[a-z])([A-Z])", "_$1").ToLowerInvariant(),
    };
}
