using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting attendance", "Who joined a meeting and when (its organiser and the school's administration; ORG-17)")]
[CliExample("meeting", "attendance", "MEETING_ID", "--all")]
internal sealed class AttendanceCommand(CliEnvironment environment) : SferumCommand<AttendanceSettings>(environment)
{
    protected override async Task<int> RunAsync(AttendanceSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MeetingService.MeetingServiceClient(connection.Invoker);
        var page = await Pager.FetchAsync(settings, async (size, token) => await client.ListMeetingAttendanceAsync(
            new ListMeetingAttendanceRequest { MeetingId = settings.MeetingId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        Pager.Write(output, page, page.Entries.Count, "join(s)", () =>
        {
            var table = CliOutput.NewTable("joined", "name", "role", "occurrence", "user");
            foreach (var e in page.Entries) table.AddTextRow(CliOutput.Time(e.JoinedAt), e.DisplayName, e.Role, CliOutput.Time(e.OccurrenceStart), e.UserId);
            return table;
        });
        return ExitCodes.Ok;
    }
}
