using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace DistrictSferum.Cli.Commands;

internal static class Plan
{
    public static async Task<Meeting> SendAsync(ServerConnection connection, PlanSettings settings, MeetingKind kind, Audience audience, Action<CreateMeetingRequest> more)
    {
        var request = new CreateMeetingRequest
        {
            SchoolId = settings.SchoolId,
            Kind = kind,
            Title = settings.Title,
            Agenda = settings.Agenda ?? "",
            Audience = audience,
            Start = TimeOption.ToTimestamp(settings.Start),
            Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(settings.Minutes)),
            ClientRequestId = settings.RequestId ?? "",
        };
        more(request);
        return (await new MeetingService.MeetingServiceClient(connection.Invoker).CreateMeetingAsync(request, await connection.AuthorizedAsync())).Meeting;
    }
}
