using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("broadcast start", "Go on air now (ORG-13)")]
[CliExample("broadcast", "start", "MEETING_ID")]
internal sealed class StartMeetingCommand(CliEnvironment environment) : SferumCommand<MeetingIdSettings>(environment)
{
    protected override async Task<int> RunAsync(MeetingIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var meeting = (await new MeetingService.MeetingServiceClient(connection.Invoker).StartMeetingAsync(
            new StartMeetingRequest { MeetingId = settings.MeetingId }, await connection.AuthorizedAsync())).Meeting;
        MeetingView.Show(output, meeting, "is live");
        return ExitCodes.Ok;
    }
}
