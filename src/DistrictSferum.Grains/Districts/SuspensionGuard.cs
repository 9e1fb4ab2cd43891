using System.Collections.Concurrent;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Files;
using DistrictSferum.Grains.Meetings;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Districts;

/// <summary>
/// Keeps a suspended school read-only at the grain boundary: a write command of the school, of one of its classes, chats,
/// polls or meetings, or the start of an upload to it
/// is refused with the suspension's reason (<see cref="SuspensionRules"/>). Suspensions are cached per silo for a
/// couple of seconds, so a chat's send costs no extra grain call; another silo sees a change within that time.
/// A chat archived with the school year is read-only the same way.
/// </summary>
public sealed class SuspensionGuard(IGrainFactory grains) : IIncomingGrainCallFilter
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<string, (SchoolSuspension? Suspension, long At)> Cache = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var schoolId = context.TargetContext?.GrainInstance switch
        {
            SchoolGrain => context.TargetId.Key.ToString(),
            SchoolClassGrain => context.TargetId.Key.ToString()!.Split('/')[0],
            // A chat not yet created names its school in the command (Create's NewChat).
            ChatGrain chat => chat.SchoolScope ?? (context.Request.GetArgumentCount() > 1 ? (context.Request.GetArgument(1) as Contracts.Chats.NewChat)?.SchoolId : null),
            MeetingGrain meeting => meeting.SchoolScope ?? (context.Request.GetArgumentCount() > 1 ? (context.Request.GetArgument(1) as NewMeeting)?.SchoolId : null),
            SchoolFilesGrain => context.TargetId.Key.ToString(),
            // A poll's vote or close asks its chat for a writer (IChatParticipation.Writer), which lands above.
            _ => null,
        };
        var (grainInterface, method) = (context.InterfaceMethod.DeclaringType!, context.InterfaceMethod.Name);
        if (schoolId is not null && SuspensionRules.IsWrite(grainInterface, method))
            SuspensionRules.EnsureWritable(await SuspensionOf(schoolId));
        if (context.TargetContext?.GrainInstance is ChatGrain { IsArchived: true } && SuspensionRules.IsRefusedWhenArchived(grainInterface, method))
            throw SuspensionRules.ChatArchived();
        await context.Invoke();
    }

    /// <summary>Called on this silo when a suspension changes, so its own next write sees it at once.</summary>
    public static void Forget(string schoolId) => Cache.TryRemove(schoolId, out _);

    private async Task<SchoolSuspension?> SuspensionOf(string schoolId)
    {
        var now = Environment.TickCount64;
        if (Cache.TryGetValue(schoolId, out var cached) && now - cached.At < Freshness.TotalMilliseconds) return cached.Suspension;
        var suspension = await grains.GetGrain<ISchoolSuspensions>(schoolId).GetSuspension();
        Cache[schoolId] = (suspension, now);
        return suspension;
    }
}
