using DistrictSferum.Contracts.Meetings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DistrictSferum.Gateway.Meetings;

/// <summary>
/// A member's iCalendar feed over plain HTTP (phones' calendar apps do not speak gRPC), on the web/health port.
/// The unguessable token in the path is the only credential; an unknown or revoked one is a 404.
/// </summary>
public static class CalendarFeedEndpoint
{
    public static string PathFor(string token) => $"/calendar/{token}.ics";

    public static IEndpointConventionBuilder MapCalendarFeed(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendar/{token}.ics", async (string token, IGrainFactory grains, HttpResponse response) =>
        {
            var text = await grains.GetGrain<ICalendarFeedGrain>(0).Render(token);
            if (text is null) return Results.NotFound();
            response.Headers.CacheControl = "private, no-store";
            return Results.Text(text, "text/calendar; charset=utf-8");
        });
}
