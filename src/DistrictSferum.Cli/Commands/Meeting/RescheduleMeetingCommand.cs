using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting reschedule", "Move a meeting or broadcast (a weekly series moves as a whole); the audience is notified")]
[CliExample("meeting", "reschedule", "MEETING_ID", "--start", "2026-12-02T10:00+03:00")]
[CliExample("meeting", "reschedule", "MEETING_ID", "--start", "2026-12-02T10:00+03:00", "--minutes", "60")]
internal sealed class RescheduleMeetingCommand(CliEnvironment environment) : SferumCommand<RescheduleMeetingSettings>(environment)
{
    protected override async Task<int> RunAsync(RescheduleMeetingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new RescheduleMeetingRequest { MeetingId = settings.MeetingId, Start = TimeOption.ToTimestamp(settings.Start) };
        if (settings.Minutes is { } minutes) request.Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(minutes));
        var meeting = (await new MeetingService.MeetingServiceClient(connection.Invoker).RescheduleMeetingAsync(request, await connection.AuthorizedAsync())).Meeting;
        MeetingView.Show(output, meeting, "moved; its audience was notified");
        return ExitCodes.Ok;
    }
}
