using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting list", "Your upcoming meetings and broadcasts across your schools; with --school every meeting of a school with attendance (its administration; ORG-17)")]
[CliExample("meeting", "list")]
[CliExample("meeting", "list", "--school", "SCHOOL_ID", "--all")]
internal sealed class ListMeetingsCommand(CliEnvironment environment) : SferumCommand<ListMeetingsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListMeetingsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MeetingService.MeetingServiceClient(connection.Invoker);
        if (settings.SchoolId is { } schoolId)
        {
            var page = await Pager.FetchAsync(settings, async (size, token) => await client.ListSchoolMeetingsAsync(
                new ListSchoolMeetingsRequest { SchoolId = schoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
            Pager.Write(output, page, page.Meetings.Count, "meeting(s)", () =>
            {
                var table = CliOutput.NewTable("meeting", "kind", "title", "start", "status", "organiser", "audience", "joins");
                foreach (var m in page.Meetings)
                    table.AddTextRow(m.MeetingId, MeetingView.KindName(m.Kind), m.Title, CliOutput.Time(m.Start), MeetingView.StatusName(m.Status),
                        m.OrganizerName, MeetingView.AudienceText(m.Audience), m.AttendanceCount.ToString());
                return table;
            });
            return ExitCodes.Ok;
        }

        var upcoming = await client.ListUpcomingAsync(new ListUpcomingRequest { Limit = settings.PageSize ?? 0 }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(upcoming);
            return ExitCodes.Ok;
        }

        var rows = CliOutput.NewTable("start", "end", "kind", "title", "status", "meeting");
        foreach (var o in upcoming.Occurrences)
            rows.AddTextRow(CliOutput.Time(o.Start), CliOutput.Time(o.End), MeetingView.KindName(o.Meeting.Kind), o.Meeting.Title,
                MeetingView.StatusName(o.Meeting.Status), o.Meeting.MeetingId);
        output.Write(rows);
        output.Line($"{upcoming.Occurrences.Count} upcoming.");
        return ExitCodes.Ok;
    }
}
