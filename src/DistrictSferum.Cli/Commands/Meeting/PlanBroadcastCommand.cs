using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("broadcast plan", "Plan a broadcast for the whole school (default), the staff or a class; announced in the school channel (ORG-13)")]
[CliExample("broadcast", "plan", "SCHOOL_ID", "--title", "Линейка", "--start", "2026-12-01T08:30+03:00", "--minutes", "30")]
[CliExample("broadcast", "plan", "SCHOOL_ID", "--title", "Концерт", "--start", "2026-12-20T17:00+03:00", "--stream-url", "https://video.example/live/1")]
internal sealed class PlanBroadcastCommand(CliEnvironment environment) : SferumCommand<BroadcastSettings>(environment)
{
    protected override async Task<int> RunAsync(BroadcastSettings settings, CliOutput output)
    {
        var audience = settings.Staff ? new Audience { Kind = AudienceKind.Staff }
            : settings.ClassId is { } classId ? new Audience { Kind = AudienceKind.Class, ClassId = classId, Students = settings.Students, Parents = settings.Parents }
            : new Audience { Kind = AudienceKind.School };
        using var connection = Connect(settings);
        var meeting = await Plan.SendAsync(connection, settings, MeetingKind.Broadcast, audience, r =>
        {
            r.StreamUrl = settings.StreamUrl ?? "";
            r.QuestionsChatId = settings.QuestionsChatId ?? "";
        });
        MeetingView.Show(output, meeting, "planned and announced in the school channel (ORG-13)");
        return ExitCodes.Ok;
    }
}
