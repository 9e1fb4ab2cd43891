using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Support;
using DistrictSferum.Grains.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Support;

/// <summary>Who may see a ticket, asked by a file attached to one (grain to grain, out of the gateway's reach).</summary>
internal interface ISupportTicketAccess : IGrainWithStringKey
{
    /// <summary>Throws NOT_FOUND unless the actor stands on a side of the ticket (DIS-1).</summary>
    [Alias("EnsureMaySee")]
    Task EnsureMaySee(Actor actor, string ticketId);
}

/// <summary>
/// A support queue (REG-5): decides through <see cref="SupportRules"/>, commits the ticket and its thread line to
/// PostgreSQL, then tells the school's, the district's and the requester's streams. Holds no state of its own: being
/// the one activation that writes its tickets is its whole job.
/// </summary>
public sealed class SupportQueueGrain(
    PostgresSupportStore store,
    FileCatalog files,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ContactKeys keys,
    ILogger<SupportQueueGrain> logger) : Grain, ISupportQueueGrain, ISupportTicketAccess
{
    public const int MaxAttachments = 5;

    private string Queue => this.GetPrimaryKeyString();

    private bool IsDistrict => Queue == SupportStreams.District;

    private DateTimeOffset Now => clock.GetUtcNow();

    private IDistrictGrain District => GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key);

    public async Task<TicketThread> Open(Actor actor, SupportCategory category, string subject, string text, IReadOnlyList<string> attachments, string? requestId = null)
    {
        if (IsDistrict) throw DomainException.InvalidField("school_id", CommonErrors.IdInvalid, "A request goes to a school.", Rules.Reg5);
        var member = await MemberOf(Queue, actor);
        // Issue 9: with a request id the ticket's id derives from it, so a retry answers the ticket its first attempt opened.
        var ticketId = requestId is null ? TicketIds.New(Queue) : Queue + "_" + ClientRequestIds.IdOf(keys, "ticket/" + Queue, actor.UserId, requestId);
        if (requestId is not null && await store.GetAsync(ticketId) is { } first && first.RequesterId == actor.UserId)
            return new TicketThread(first, await store.ThreadAsync(ticketId));
        return await CreateAsync(actor, member, Queue, TicketKind.Request, category, subject, text, attachments, ticketId);
    }

    public async Task<TicketThread> Suggest(Actor actor, string schoolId, string subject, string text)
    {
        if (!IsDistrict) throw DomainException.InvalidField("school_id", CommonErrors.IdInvalid, "Suggestions go to the district.", Rules.Reg5);
        var member = await MemberOf(schoolId, actor);
        return await CreateAsync(actor, member, schoolId, TicketKind.Suggestion, SupportCategory.Other, subject, text, []);
    }

    public async Task<TicketView> Announce(Actor actor, string announcementId, string subject, string text)
    {
        if (IsDistrict || !await District.IsOperator(actor))
            throw DomainException.Denied(SupportErrors.NotSupportStaff, "District operators announce to the schools' administrators.", Rules.Reg5);
        var ticketId = Queue + "_" + announcementId;
        if (await store.GetAsync(ticketId) is { } sent) return sent;
        var name = (await GrainFactory.GetGrain<IUserDirectory>(actor.UserId).GetProfileUnchecked()).DisplayName;
        var ticket = SupportRules.New(ticketId, Queue, Queue, actor.UserId, name, TicketKind.Announcement, SupportCategory.Other, SupportRules.Subject(subject), Now);
        var line = new TicketMessage(ticketId, 1, actor.UserId, name, SupportSide.District, SupportRules.Text(text), ticket.CreatedAt, []);
        await CommitAsync(ticket, line);
        return ticket;
    }

    public async Task<Page<TicketView>> List(Actor actor, SupportStatus? status, PageRequest page)
    {
        await EnsureStaff(actor);
        return await store.ListAsync(QueueQuery, status, page);
    }

    public async Task<TicketThread> Get(Actor actor, string ticketId)
    {
        var (ticket, _) = await TicketFor(actor, ticketId);
        return new TicketThread(ticket, await store.ThreadAsync(ticketId));
    }

    public async Task<TicketThread> Reply(Actor actor, string ticketId, string text, IReadOnlyList<string> attachments)
    {
        var body = SupportRules.Text(text);
        var ids = FileRules.AttachmentIds(attachments, MaxAttachments, Rules.Reg5);
        var (ticket, side) = await TicketFor(actor, ticketId);
        var changed = SupportRules.Reply(ticket, side, Now);
        await EnsureAttachableAsync(actor, changed.SchoolId, ids);
        await CommitAsync(changed, await Line(changed, actor, side, body, ids));
        return new TicketThread(changed, await store.ThreadAsync(ticketId));
    }

    public async Task<TicketView> SetStatus(Actor actor, string ticketId, SupportStatus status)
    {
        var (ticket, side) = await TicketFor(actor, ticketId);
        var changed = SupportRules.SetStatus(ticket, side, status, Now);
        if (changed == ticket) return ticket;
        await CommitAsync(changed, await Line(changed, actor, side, SupportRules.StatusNote(status)));
        return changed;
    }

    public async Task<TicketView> Escalate(Actor actor, string ticketId, string note)
    {
        var text = Common.TextRules.Optional(note, "note", SupportRules.TextMax, Rules.Reg5, multiline: true);
        var (ticket, side) = await TicketFor(actor, ticketId);
        var changed = SupportRules.Escalate(ticket, side, Now);
        await CommitAsync(changed, await Line(changed, actor, side, text.Length == 0 ? "Передано в округ" : "Передано в округ: " + text));
        return changed;
    }

    public async Task<SupportFigures> Figures(Actor actor, DateTimeOffset from, DateTimeOffset to)
    {
        await EnsureStaff(actor);
        if (to <= from) throw DomainException.InvalidField("to", CommonErrors.TimeInvalid, "to must be after from.");
        return await store.FiguresAsync(QueueQuery, from, to);
    }

    public async Task EnsureMaySee(Actor actor, string ticketId) => await TicketFor(actor, ticketId);

    public Task<Page<TicketView>> ListMine(Actor actor, PageRequest page) =>
        store.ListAsync(new SupportQuery(SupportScope.Mine, actor.UserId), null, page);

    public Task EnsureMayWatch(Actor actor, SupportScope scope) => scope == SupportScope.Mine ? Task.CompletedTask : EnsureStaff(actor);

    public async Task<IReadOnlyList<TicketView>> ChangedSince(Actor actor, SupportScope scope, DateTimeOffset since, int limit)
    {
        await EnsureMayWatch(actor, scope);
        var query = scope == SupportScope.Mine ? new SupportQuery(SupportScope.Mine, actor.UserId) : QueueQuery;
        return await store.ChangedSinceAsync(query, since, Math.Clamp(limit, 1, 500));
    }

    private SupportQuery QueueQuery => new(IsDistrict ? SupportScope.District : SupportScope.School, Queue);

    private async Task<TicketThread> CreateAsync(Actor actor, MemberView member, string schoolId, TicketKind kind,
        SupportCategory category, string subject, string text, IReadOnlyList<string> attachments, string? ticketId = null)
    {
        var title = SupportRules.Subject(subject);
        var body = SupportRules.Text(text);
        var ids = FileRules.AttachmentIds(attachments, MaxAttachments, Rules.Reg5);
        await EnsureAttachableAsync(actor, schoolId, ids);
        var ticket = SupportRules.New(ticketId ?? TicketIds.New(Queue), Queue, schoolId, actor.UserId, member.DisplayName, kind, category, title, Now);
        var line = new TicketMessage(ticket.TicketId, 1, actor.UserId, member.DisplayName, SupportSide.Member, body, ticket.CreatedAt, ids);
        await CommitAsync(ticket, line);
        return new TicketThread(ticket, [line]);
    }

    /// <summary>The ticket, if this queue owns it and the actor stands on one of its sides (NOT_FOUND otherwise).</summary>
    private async Task<(TicketView Ticket, SupportSide Side)> TicketFor(Actor actor, string ticketId)
    {
        var ticket = await store.GetAsync(ticketId);
        if (ticket is null || ticket.Queue != Queue) throw SupportRules.NotFound();
        if (ticket.RequesterId == actor.UserId && ticket.Kind != TicketKind.Announcement) return (ticket, SupportSide.Member);
        var admin = ticket.Kind != TicketKind.Suggestion && (await GrainFactory.GetGrain<ISchoolFacts>(ticket.SchoolId).GetAdministratorIds()).Contains(actor.UserId);
        var op = !admin && ticket.InDistrictQueue && await District.IsOperator(actor);
        return (ticket, SupportRules.SideOf(ticket, actor.UserId, admin, op));
    }

    private async Task EnsureStaff(Actor actor)
    {
        var staff = IsDistrict
            ? await District.IsOperator(actor)
            : (await GrainFactory.GetGrain<ISchoolFacts>(Queue).GetAdministratorIds()).Contains(actor.UserId);
        if (!staff) throw DomainException.Denied(SupportErrors.NotSupportStaff, IsDistrict
            ? "The district's queue is for district operators."
            : "A school's support queue is for its administrators.", Rules.Reg5);
    }

    private async Task<MemberView> MemberOf(string schoolId, Actor actor)
    {
        try
        {
            return await GrainFactory.GetGrain<ISchoolFacts>(schoolId).GetMembership(actor.UserId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
        }
    }

    /// <summary>The author's own files of the ticket's school, attached nowhere yet (an operator, member of no school, attaches none).</summary>
    private async Task EnsureAttachableAsync(Actor actor, string schoolId, IReadOnlyList<string> ids)
    {
        if (ids.Count > 0) FileRules.EnsureAttachable(ids, (await files.GetManyAsync(ids)).ToDictionary(f => f.FileId), schoolId, actor.UserId);
    }

    private async Task<TicketMessage> Line(TicketView ticket, Actor actor, SupportSide side, string body, IReadOnlyList<string>? attachments = null)
    {
        var name = side == SupportSide.School
            ? (await GrainFactory.GetGrain<ISchoolFacts>(ticket.SchoolId).GetMembership(actor.UserId)).DisplayName
            : side == SupportSide.Member ? ticket.RequesterName
            : (await GrainFactory.GetGrain<IUserDirectory>(actor.UserId).GetProfileUnchecked()).DisplayName;
        return new TicketMessage(ticket.TicketId, ticket.Messages, actor.UserId, name, side, body, ticket.UpdatedAt, attachments ?? []);
    }

    /// <summary>Committed first; the streams are told after (a watcher that missed it finds it by its change time).</summary>
    private async Task CommitAsync(TicketView ticket, TicketMessage line)
    {
        await store.SaveAsync(ticket, line);
        var keys = new List<string> { SupportStreams.Requester(ticket.RequesterId) };
        if (ticket.Kind != TicketKind.Suggestion) keys.Add(ticket.SchoolId);
        if (ticket.InDistrictQueue) keys.Add(SupportStreams.District);
        var provider = this.GetStreamProvider(StreamNames.Provider);
        foreach (var key in keys)
        {
            try
            {
                await provider.GetStream<TicketEvent>(StreamId.Create(StreamNames.Support, key)).OnNextAsync(new TicketEvent(ticket, line));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "Publishing ticket {TicketId} version {Version} failed", ticket.TicketId, ticket.Version);
            }
        }
    }
}
