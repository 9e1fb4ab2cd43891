using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Configuration;

namespace DistrictSferum.Gateway.Meetings;

public sealed class MeetingGrpcService(IGrainFactory grains, IConfiguration configuration, ContactKeys keys) : MeetingService.MeetingServiceBase
{
    public override async Task<CreateMeetingResponse> CreateMeeting(CreateMeetingRequest request, ServerCallContext context)
    {
        var meeting = new NewMeeting(GrainKeys.Require(request.SchoolId, "school_id"), request.Kind.ToContract(), request.Title, request.Agenda,
            MeetingMapping.Required(request.Start, "start"), request.Duration.ToOptionalSpan("duration") ?? TimeSpan.Zero, request.Audience.ToContract(),
            request.WeeklyOccurrences == 0 ? 1 : request.WeeklyOccurrences, request.QuestionsChatId, request.StreamUrl);
        var id = ClientRequestIds.IdOf(keys, "meeting", context.Actor().UserId, ClientRequestIds.Optional(request.ClientRequestId));
        var created = await Meeting(id).Create(context.Actor(), meeting);
        return new CreateMeetingResponse { Meeting = created.ToProto() };
    }

    public override async Task<GetMeetingResponse> GetMeeting(GetMeetingRequest request, ServerCallContext context) =>
        new() { Meeting = (await Meeting(request.MeetingId).Get(context.Actor())).ToProto() };

    public override async Task<RescheduleMeetingResponse> RescheduleMeeting(RescheduleMeetingRequest request, ServerCallContext context) =>
        new()
        {
            Meeting = (await Meeting(request.MeetingId).Reschedule(context.Actor(), MeetingMapping.Required(request.Start, "start"),
                request.Duration.ToOptionalSpan("duration"))).ToProto(),
        };

    public override async Task<CancelMeetingResponse> CancelMeeting(CancelMeetingRequest request, ServerCallContext context) =>
        new() { Meeting = (await Meeting(request.MeetingId).Cancel(context.Actor(), request.OccurrenceStart.ToOptionalInstant("occurrence_start"))).ToProto() };

    public override async Task<StartMeetingResponse> StartMeeting(StartMeetingRequest request, ServerCallContext context) =>
        new() { Meeting = (await Meeting(request.MeetingId).Start(context.Actor())).ToProto() };

    public override async Task<EndMeetingResponse> EndMeeting(EndMeetingRequest request, ServerCallContext context) =>
        new() { Meeting = (await Meeting(request.MeetingId).End(context.Actor())).ToProto() };

    public override async Task<JoinMeetingResponse> JoinMeeting(JoinMeetingRequest request, ServerCallContext context)
    {
        var ticket = await Meeting(request.MeetingId).Join(context.Actor());
        return new JoinMeetingResponse
        {
            Url = ticket.Url,
            ExpiresAt = ticket.ExpiresAt.ToTimestamp(),
            Moderator = ticket.Moderator,
            OccurrenceStart = ticket.OccurrenceStart.ToTimestamp(),
        };
    }

    public override async Task<ListMeetingAttendanceResponse> ListMeetingAttendance(ListMeetingAttendanceRequest request, ServerCallContext context)
    {
        var page = await Meeting(request.MeetingId).Attendance(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListMeetingAttendanceResponse { Entries = { page.Items.Select(e => e.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<ListSchoolMeetingsResponse> ListSchoolMeetings(ListSchoolMeetingsRequest request, ServerCallContext context)
    {
        var page = await grains.GetGrain<ISchoolMeetingsGrain>(GrainKeys.Require(request.SchoolId, "school_id"))
            .List(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListSchoolMeetingsResponse { Meetings = { page.Items.Select(m => m.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<ListUpcomingResponse> ListUpcoming(ListUpcomingRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        var upcoming = await grains.GetGrain<IMemberCalendarGrain>(actor.UserId).ListUpcoming(actor, request.Until.ToOptionalInstant("until"), request.Limit);
        return new ListUpcomingResponse
        {
            Occurrences = { upcoming.Select(u => new UpcomingOccurrence { Meeting = u.Meeting.ToProto(), Start = u.Start.ToTimestamp(), End = u.End.ToTimestamp() }) },
        };
    }

    public override async Task<CreateCalendarFeedResponse> CreateCalendarFeed(CreateCalendarFeedRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        var feed = await grains.GetGrain<IMemberCalendarGrain>(actor.UserId).CreateFeed(actor, ClientRequestIds.Optional(request.ClientRequestId));
        var path = CalendarFeedEndpoint.PathFor(feed.Token);
        var baseUrl = configuration["Meetings:FeedBaseUrl"] ?? "";
        return new CreateCalendarFeedResponse { Token = feed.Token, Url = baseUrl.Length > 0 ? baseUrl.TrimEnd('/') + path : path };
    }

    public override async Task<RevokeCalendarFeedResponse> RevokeCalendarFeed(RevokeCalendarFeedRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        await grains.GetGrain<IMemberCalendarGrain>(actor.UserId).RevokeFeed(actor);
        return new RevokeCalendarFeedResponse();
    }

    private IMeetingGrain Meeting(string id) => grains.GetGrain<IMeetingGrain>(GrainKeys.Require(id, "meeting_id"));
}
