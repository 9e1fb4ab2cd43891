using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("meeting feed", "A private iCalendar feed URL of your meetings for your phone's calendar (a new one revokes the old); --revoke revokes it")]
[CliExample("meeting", "feed")]
[CliExample("meeting", "feed", "--revoke")]
internal sealed class CalendarFeedCommand(CliEnvironment environment) : SferumCommand<CalendarFeedSettings>(environment)
{
    protected override async Task<int> RunAsync(CalendarFeedSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MeetingService.MeetingServiceClient(connection.Invoker);
        if (settings.Revoke)
        {
            await client.RevokeCalendarFeedAsync(new RevokeCalendarFeedRequest(), await connection.AuthorizedAsync());
            output.Line("Your calendar feed is revoked.");
            return ExitCodes.Ok;
        }

        var feed = await client.CreateCalendarFeedAsync(new CreateCalendarFeedRequest(), await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(feed);
            return ExitCodes.Ok;
        }

        output.UnwrappedLine(feed.Url);
        output.Line("Subscribe to it in your calendar app; it is shown once, and any earlier feed URL no longer works.");
        return ExitCodes.Ok;
    }
}
