using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Districts;

/// <summary>Pure rules of a suspended school: read-only, the reason shown with every refusal.</summary>
public static class SuspensionRules
{
    public const int MaxReason = 500;

    /// <summary>
    /// Commands of the school and its chats that only read; every other command of theirs is a write. What other
    /// grains ask of them (a movement's fan-out, time's effects, registration) is on the Grains project's own
    /// interfaces, never a write here.
    /// </summary>
    private static readonly HashSet<string> Reads =
    [
        nameof(ISchoolGrain.Get), nameof(ISchoolGrain.PreviewYearRollover), nameof(IChatGrain.Mine),
        nameof(IChatGrain.History), nameof(IChatGrain.EventsAfter), nameof(IChatGrain.MarkRead), nameof(IChatGrain.Cursor),
        nameof(IChatGrain.MySanctions), nameof(IChatModerationGrain.MemberRecord), nameof(IChatGrain.LastSeq),
    ];

    public static bool IsWrite(Type grainInterface, string method) =>
        grainInterface == typeof(ISchoolClassGrain) ||
        grainInterface == typeof(IChatParticipation) && method == nameof(IChatParticipation.Writer) ||
        grainInterface == typeof(ISchoolFilesGrain) && method == nameof(ISchoolFilesGrain.BeginUpload) ||
        grainInterface == typeof(IMeetingGrain) && method is not (nameof(IMeetingGrain.Get) or nameof(IMeetingGrain.Attendance)) ||
        (grainInterface == typeof(ISchoolGrain) || grainInterface == typeof(IChatGrain) || grainInterface == typeof(IChatModerationGrain)) &&
        !Reads.Contains(method) && !method.StartsWith("Get", StringComparison.Ordinal) && !method.StartsWith("List", StringComparison.Ordinal);

    /// <summary>An archived chat refuses what a suspended school would, except leaving it of one's own will.</summary>
    public static bool IsRefusedWhenArchived(Type grainInterface, string method) =>
        IsWrite(grainInterface, method) && !(grainInterface == typeof(IChatGrain) && method == nameof(IChatGrain.Leave));

    public static DomainException ChatArchived() =>
        DomainException.Precondition(ChatErrors.ChatArchived, "This chat was archived with the school year: its history stays readable, nothing new is added.", Rules.Org10);

    public static void EnsureWritable(SchoolSuspension? suspension)
    {
        if (suspension is not null)
            throw DomainException.Precondition(DistrictErrors.SchoolSuspended,
                $"The school is suspended by the district and read-only until it is resumed: {suspension.Reason}");
    }

    public static string Reason(string? reason) => TextRules.Required(reason, "reason", MaxReason);
}
