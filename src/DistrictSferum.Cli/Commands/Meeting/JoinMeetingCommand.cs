using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting join", "Your personal join URL (valid until the meeting ends; do not share it); the join is recorded as attendance")]
[CliExample("meeting", "join", "MEETING_ID")]
internal sealed class JoinMeetingCommand(CliEnvironment environment) : SferumCommand<MeetingIdSettings>(environment)
{
    protected override async Task<int> RunAsync(MeetingIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var ticket = await new MeetingService.MeetingServiceClient(connection.Invoker).JoinMeetingAsync(
            new JoinMeetingRequest { MeetingId = settings.MeetingId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(ticket);
            return ExitCodes.Ok;
        }

        output.UnwrappedLine(ticket.Url);
        output.Line($"Personal link{(ticket.Moderator ? " (moderator)" : "")}, valid until {CliOutput.Time(ticket.ExpiresAt)}; do not share it.");
        return ExitCodes.Ok;
    }
}
