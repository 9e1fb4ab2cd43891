using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting cancel", "Cancel a meeting or broadcast, or with --occurrence one week of a weekly series; the audience is notified")]
[CliExample("meeting", "cancel", "MEETING_ID")]
[CliExample("meeting", "cancel", "MEETING_ID", "--occurrence", "2026-12-08T09:00+03:00")]
internal sealed class CancelMeetingCommand(CliEnvironment environment) : SferumCommand<CancelMeetingSettings>(environment)
{
    protected override async Task<int> RunAsync(CancelMeetingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var meeting = (await new MeetingService.MeetingServiceClient(connection.Invoker).CancelMeetingAsync(
            new CancelMeetingRequest { MeetingId = settings.MeetingId, OccurrenceStart = TimeOption.ToTimestamp(settings.Occurrence) },
            await connection.AuthorizedAsync())).Meeting;
        MeetingView.Show(output, meeting, settings.Occurrence is null ? "cancelled; its audience was notified" : "skips that week; its audience was notified");
        return ExitCodes.Ok;
    }
}
