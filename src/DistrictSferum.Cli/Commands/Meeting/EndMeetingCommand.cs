using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("broadcast end", "End the broadcast now (ORG-13)")]
[CliExample("broadcast", "end", "MEETING_ID")]
internal sealed class EndMeetingCommand(CliEnvironment environment) : SferumCommand<MeetingIdSettings>(environment)
{
    protected override async Task<int> RunAsync(MeetingIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var meeting = (await new MeetingService.MeetingServiceClient(connection.Invoker).EndMeetingAsync(
            new EndMeetingRequest { MeetingId = settings.MeetingId }, await connection.AuthorizedAsync())).Meeting;
        MeetingView.Show(output, meeting, "ended");
        return ExitCodes.Ok;
    }
}
