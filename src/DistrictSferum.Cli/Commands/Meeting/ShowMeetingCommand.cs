using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting show", "A meeting or broadcast as you see it: status, next occurrence, audience (joins: for the organiser and the administration)")]
[CliExample("meeting", "show", "MEETING_ID")]
internal sealed class ShowMeetingCommand(CliEnvironment environment) : SferumCommand<MeetingIdSettings>(environment)
{
    protected override async Task<int> RunAsync(MeetingIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var meeting = (await new MeetingService.MeetingServiceClient(connection.Invoker).GetMeetingAsync(
            new GetMeetingRequest { MeetingId = settings.MeetingId }, await connection.AuthorizedAsync())).Meeting;
        MeetingView.Show(output, meeting, null);
        return ExitCodes.Ok;
    }
}
