using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Gateway.Chats;

public sealed class ModerationGrpcService(IGrainFactory grains, ChatFanout fanout, SessionLiveness liveness) : ModerationService.ModerationServiceBase
{
    public override async Task<AppointModeratorResponse> AppointModerator(AppointModeratorRequest request, ServerCallContext context) =>
        new() { Chat = (await Moderation(request.ChatId).AppointModerator(context.Actor(), GrainKeys.Require(request.UserId, "user_id"))).ToProto() };

    public override async Task<DeleteMessageAsModeratorResponse> DeleteMessageAsModerator(DeleteMessageAsModeratorRequest request, ServerCallContext context)
    {
        var ack = await Moderation(request.ChatId).DeleteAsModerator(context.Actor(), request.Seq, request.Clause);
        return new DeleteMessageAsModeratorResponse { ChatId = ack.ChatId, Seq = ack.Seq, At = ack.At.ToTimestamp() };
    }

    public override async Task<RemindMemberResponse> RemindMember(RemindMemberRequest request, ServerCallContext context) =>
        new() { Violation = (await Moderation(request.ChatId).Remind(context.Actor(), request.Seq, request.Clause)).ToProto() };

    public override async Task<BlockMemberResponse> BlockMember(BlockMemberRequest request, ServerCallContext context) =>
        new()
        {
            Block = (await Moderation(request.ChatId).BlockMember(context.Actor(), GrainKeys.Require(request.UserId, "user_id"), request.ViolationIds,
            request.Until.ToOptionalInstant("until") ?? default)).ToProto()
        };

    public override async Task<ObjectToUnblockResponse> ObjectToUnblock(ObjectToUnblockRequest request, ServerCallContext context) =>
        new() { Block = (await Chat(request.ChatId).ObjectToUnblock(context.Actor(), GrainKeys.Require(request.UserId, "user_id"))).ToProto() };

    public override async Task<UnblockEarlyResponse> UnblockEarly(UnblockEarlyRequest request, ServerCallContext context) =>
        new() { Block = (await Moderation(request.ChatId).UnblockEarly(context.Actor(), GrainKeys.Require(request.UserId, "user_id"))).ToProto() };

    public override async Task<ReportMessageResponse> ReportMessage(ReportMessageRequest request, ServerCallContext context) =>
        new() { Report = (await Chat(request.ChatId).ReportMessage(context.Actor(), request.Seq, request.Reason)).ToProto() };

    public override async Task<ListReportsResponse> ListReports(ListReportsRequest request, ServerCallContext context)
    {
        var page = await Moderation(request.ChatId).ListReports(context.Actor(), request.IncludeResolved, ProtoMapping.ToPageUpToMax(request.PageSize, request.PageToken));
        return new ListReportsResponse { Reports = { page.Items.Select(r => r.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<ResolveReportResponse> ResolveReport(ResolveReportRequest request, ServerCallContext context) =>
        new() { Report = (await Moderation(request.ChatId).ResolveReport(context.Actor(), GrainKeys.Require(request.ReportId, "report_id"))).ToProto() };

    public override async Task<GetMySanctionsResponse> GetMySanctions(GetMySanctionsRequest request, ServerCallContext context) =>
        new() { Sanctions = (await Chat(request.ChatId).MySanctions(context.Actor())).ToProto() };

    public override async Task<GetMemberSanctionsResponse> GetMemberSanctions(GetMemberSanctionsRequest request, ServerCallContext context) =>
        new() { Sanctions = (await Moderation(request.ChatId).MemberRecord(context.Actor(), GrainKeys.Require(request.UserId, "user_id"))).ToProto() };

    public override async Task<QueryAuditResponse> QueryAudit(QueryAuditRequest request, ServerCallContext context)
    {
        var query = new AuditQuery(NullIfEmpty(request.ChatId), NullIfEmpty(request.MemberId), NullIfEmpty(request.ModeratorId),
            request.From.ToOptionalInstant("from"), request.To.ToOptionalInstant("to"));
        var page = await Audit(request.SchoolId).Query(context.Actor(), query, ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new QueryAuditResponse { Entries = { page.Items.Select(e => e.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        var result = await grains.GetGrain<Contracts.Moderation.IAuditVerifierGrain>(0).VerifyModeration(context.Actor(), Audit(request.SchoolId).GetPrimaryKeyString());
        return new VerifyAuditResponse { Intact = result.Intact, RowsChecked = result.RowsChecked, FirstBrokenSeq = result.FirstBrokenSeq ?? 0 };
    }

    /// <summary>Listen first, then read what was missed: a row appended in between is delivered once, in order.</summary>
    public override async Task WatchModeration(WatchModerationRequest request, IServerStreamWriter<WatchModerationResponse> responseStream, ServerCallContext context)
    {
        var actor = context.Actor();
        var schoolId = GrainKeys.Require(request.SchoolId, "school_id");
        var audit = Audit(schoolId);
        await audit.EnsureSupervisor(actor);
        // ORG-16: a supervisor who loses the role stops watching within seconds, whether or not anything happens.
        await using var rights = RightsWatch.Start(() => audit.EnsureSupervisor(actor), liveness.CheckInterval, SessionInterceptor.StreamToken(context));
        try
        {
            await WatchAsync(request, responseStream, actor, schoolId, audit, rights.Token);
        }
        catch (OperationCanceledException) when (rights.Lost is { } lost)
        {
            throw lost;
        }
    }

    private async Task WatchAsync(
        WatchModerationRequest request, IServerStreamWriter<WatchModerationResponse> responseStream, Actor actor, string schoolId,
        ISchoolAuditGrain audit, CancellationToken cancellationToken)
    {
        var live = Channel.CreateBounded<object>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        await using var registration = await fanout.ListenAsync(StreamNames.Moderation, schoolId, live.Writer);
        using var open = OpenStream.Count("moderation");
        var last = Math.Max(0, request.AfterSeq);
        async Task CatchUpAsync()
        {
            IReadOnlyList<Contracts.Moderation.AuditEntry> rows;
            do
            {
                rows = await audit.After(actor, last, 500);
                foreach (var row in rows)
                {
                    await responseStream.WriteAsync(new WatchModerationResponse { Entry = row.ToProto() }, cancellationToken);
                    last = row.Seq;
                }
            }
            while (rows.Count == 500);
        }

        await CatchUpAsync();
        await foreach (var item in live.Reader.ReadAllAsync(cancellationToken))
        {
            if (item is not Contracts.Moderation.AuditEntry entry || entry.Seq <= last) continue;
            if (entry.Seq == last + 1)
            {
                await responseStream.WriteAsync(new WatchModerationResponse { Entry = entry.ToProto() }, cancellationToken);
                last = entry.Seq;
            }
            else
            {
                await CatchUpAsync();
            }
        }
    }

    private static string? NullIfEmpty(string value) => value is { Length: > 0 } ? value : null;

    private IChatGrain Chat(string chatId) => grains.GetGrain<IChatGrain>(GrainKeys.Require(chatId, "chat_id"));

    private IChatModerationGrain Moderation(string chatId) => grains.GetGrain<IChatModerationGrain>(GrainKeys.Require(chatId, "chat_id"));

    private ISchoolAuditGrain Audit(string schoolId) => grains.GetGrain<ISchoolAuditGrain>(GrainKeys.Require(schoolId, "school_id"));
}
