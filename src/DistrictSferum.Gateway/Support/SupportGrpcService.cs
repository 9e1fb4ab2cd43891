using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Support;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Chats;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TicketMessage = DistrictSferum.Contracts.Support.TicketMessage;

namespace DistrictSferum.Gateway.Support;

/// <summary>The support desk (REG-5): each RPC is one call to the queue grain that owns the ticket.</summary>
public sealed class SupportGrpcService(IGrainFactory grains, ChatFanout fanout, SessionLiveness liveness) : SupportService.SupportServiceBase
{
    public override async Task<OpenTicketResponse> OpenTicket(OpenTicketRequest request, ServerCallContext context)
    {
        var thread = await Queue(GrainKeys.Require(request.SchoolId, "school_id"))
            .Open(context.Actor(), SupportMapping.Categories.ToDomain(request.Category, "category"), request.Subject, request.Text, request.AttachmentIds.ToList(),
                ClientRequestIds.Optional(request.ClientRequestId));
        return new OpenTicketResponse { Ticket = thread.Ticket.ToProto() };
    }

    public override async Task<SendSuggestionResponse> SendSuggestion(SendSuggestionRequest request, ServerCallContext context)
    {
        var thread = await Queue(SupportStreams.District).Suggest(context.Actor(), GrainKeys.Require(request.SchoolId, "school_id"), request.Subject, request.Text);
        return new SendSuggestionResponse { Ticket = thread.Ticket.ToProto() };
    }

    public override async Task<ListMyTicketsResponse> ListMyTickets(ListMyTicketsRequest request, ServerCallContext context)
    {
        var page = await Queue(SupportStreams.District).ListMine(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListMyTicketsResponse { Tickets = { page.Items.Select(t => t.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<ListSchoolTicketsResponse> ListSchoolTickets(ListSchoolTicketsRequest request, ServerCallContext context)
    {
        var page = await Queue(GrainKeys.Require(request.SchoolId, "school_id")).List(context.Actor(),
            SupportMapping.Statuses.ToOptionalDomain(request.Status, "status"), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListSchoolTicketsResponse { Tickets = { page.Items.Select(t => t.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<ListDistrictTicketsResponse> ListDistrictTickets(ListDistrictTicketsRequest request, ServerCallContext context)
    {
        var page = await Queue(SupportStreams.District).List(context.Actor(),
            SupportMapping.Statuses.ToOptionalDomain(request.Status, "status"), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListDistrictTicketsResponse { Tickets = { page.Items.Select(t => t.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<GetTicketResponse> GetTicket(GetTicketRequest request, ServerCallContext context)
    {
        var thread = await OwnerOf(request.TicketId).Get(context.Actor(), request.TicketId);
        return new GetTicketResponse { Ticket = thread.Ticket.ToProto(), Messages = { thread.Messages.Select(m => m.ToProto()) } };
    }

    public override async Task<ReplyToTicketResponse> ReplyToTicket(ReplyToTicketRequest request, ServerCallContext context)
    {
        var thread = await OwnerOf(request.TicketId).Reply(context.Actor(), request.TicketId, request.Text, request.AttachmentIds.ToList());
        return new ReplyToTicketResponse { Ticket = thread.Ticket.ToProto(), Messages = { thread.Messages.Select(m => m.ToProto()) } };
    }

    public override async Task<SetTicketStatusResponse> SetTicketStatus(SetTicketStatusRequest request, ServerCallContext context) =>
        new() { Ticket = (await OwnerOf(request.TicketId).SetStatus(context.Actor(), request.TicketId, SupportMapping.Statuses.ToDomain(request.Status, "status"))).ToProto() };

    public override async Task<EscalateTicketResponse> EscalateTicket(EscalateTicketRequest request, ServerCallContext context) =>
        new() { Ticket = (await OwnerOf(request.TicketId).Escalate(context.Actor(), request.TicketId, request.Note)).ToProto() };

    public override async Task<GetSupportFiguresResponse> GetSupportFigures(GetSupportFiguresRequest request, ServerCallContext context)
    {
        var queue = request.SchoolId.Length == 0 ? SupportStreams.District : GrainKeys.Require(request.SchoolId, "school_id");
        var f = await Queue(queue).Figures(context.Actor(), request.From.ToRequiredInstant("from"), request.To.ToRequiredInstant("to"));
        var response = new GetSupportFiguresResponse { Opened = f.Opened, Replied = f.Replied, Closed = f.Closed, Escalated = f.Escalated };
        if (f.MeanTimeToFirstReply is { } reply) response.MeanTimeToFirstReply = Duration.FromTimeSpan(reply);
        if (f.MeanTimeToClose is { } close) response.MeanTimeToClose = Duration.FromTimeSpan(close);
        return response;
    }

    /// <summary>Listen first, then read what changed since the client's point: a change in between comes twice, never not at all.</summary>
    public override async Task WatchTickets(WatchTicketsRequest request, IServerStreamWriter<WatchTicketsResponse> responseStream, ServerCallContext context)
    {
        var actor = context.Actor();
        var scope = SupportMapping.Scopes.ToDomain(request.Scope, "scope");
        var (queue, key) = scope switch
        {
            SupportScope.School => (Queue(GrainKeys.Require(request.SchoolId, "school_id")), request.SchoolId),
            SupportScope.District => (Queue(SupportStreams.District), SupportStreams.District),
            _ => (Queue(SupportStreams.District), SupportStreams.Requester(actor.UserId)),
        };
        var since = request.Since.ToOptionalInstant("since");
        await queue.EnsureMayWatch(actor, scope);
        // A school administrator or operator who loses the role stops watching within seconds.
        await using var rights = RightsWatch.Start(() => queue.EnsureMayWatch(actor, scope), liveness.CheckInterval, SessionInterceptor.StreamToken(context));
        var live = Channel.CreateBounded<object>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        await using var registration = await fanout.ListenAsync(StreamNames.Support, key, live.Writer);
        using var open = OpenStream.Count("support");
        var sent = new Dictionary<string, int>();
        async Task SendAsync(TicketView ticket, TicketMessage? line)
        {
            if (sent.TryGetValue(ticket.TicketId, out var version) && version >= ticket.Version) return;
            sent[ticket.TicketId] = ticket.Version;
            var response = new WatchTicketsResponse { Ticket = ticket.ToProto() };
            if (line is not null) response.Message = line.ToProto();
            await responseStream.WriteAsync(response, rights.Token);
        }

        try
        {
            if (since is { } from)
            {
                IReadOnlyList<TicketView> changed;
                do
                {
                    changed = await queue.ChangedSince(actor, scope, from, 500);
                    foreach (var ticket in changed) await SendAsync(ticket, null);
                    // Ties at the last change time are read again and skipped by version.
                    if (changed.Count == 500) from = changed[^1].UpdatedAt;
                }
                while (changed.Count == 500 && changed[0].UpdatedAt != changed[^1].UpdatedAt);
            }

            await foreach (var item in live.Reader.ReadAllAsync(rights.Token))
                if (item is TicketEvent e) await SendAsync(e.Ticket, e.Message);
        }
        catch (OperationCanceledException) when (rights.Lost is { } lost)
        {
            throw lost;
        }
    }

    private ISupportQueueGrain Queue(string key) => grains.GetGrain<ISupportQueueGrain>(key);

    private ISupportQueueGrain OwnerOf(string ticketId) =>
        Queue(TicketIds.QueueOf(GrainKeys.Require(ticketId, "ticket_id")) ?? throw DomainException.NotFound(SupportErrors.TicketNotFound, "No such support ticket.", Rules.Dis1));
}
