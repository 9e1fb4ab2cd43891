using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting create", "Plan a call, lesson, parent meeting, council or work meeting; who may hold which for whom is the rule table in the README (CHAT-9)")]
[CliExample("meeting", "create", "SCHOOL_ID", "--kind", "lesson", "--chat", "CHAT_ID", "--title", "Алгебра", "--start", "2026-12-01T09:00+03:00", "--minutes", "45", "--weeks", "10")]
[CliExample("meeting", "create", "SCHOOL_ID", "--kind", "parent-meeting", "--class", "CLASS_ID", "--parents", "--title", "Собрание", "--start", "2026-12-03T18:00+03:00")]
[CliExample("meeting", "create", "SCHOOL_ID", "--kind", "council", "--staff", "--title", "Педсовет", "--start", "2026-12-05T15:00+03:00", "--minutes", "90")]
internal sealed class CreateMeetingCommand(CliEnvironment environment) : SferumCommand<CreateMeetingSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateMeetingSettings settings, CliOutput output)
    {
        var audience = settings.ChatId is { } chat ? new Audience { Kind = AudienceKind.Chat, ChatId = chat }
            : settings.Staff ? new Audience { Kind = AudienceKind.Staff }
            : new Audience { Kind = AudienceKind.Class, ClassId = settings.ClassId!, Students = settings.Students, Parents = settings.Parents };
        using var connection = Connect(settings);
        var meeting = await Plan.SendAsync(connection, settings, CreateMeetingSettings.Kinds[settings.Kind], audience, r => r.WeeklyOccurrences = settings.Weeks);
        MeetingView.Show(output, meeting, "planned; its audience was notified");
        return ExitCodes.Ok;
    }
}
