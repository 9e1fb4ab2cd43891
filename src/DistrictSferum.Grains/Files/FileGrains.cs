using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Contracts.Support;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Moderation;

namespace DistrictSferum.Grains.Files;

/// <summary>
/// A school's files: admits uploads (DIS-1: members only) within the size limit and the quota, counting stored and
/// reserved bytes. Its use is read from the files table on activation; reservations live only as long as their upload.
/// </summary>
public sealed class SchoolFilesGrain(FileCatalog catalog, IOptions<FilesOptions> options, Contracts.Identity.ContactKeys keys, [FromKeyedServices(Clocks.Domain)] TimeProvider clock)
    : Grain, ISchoolFilesGrain, ISchoolFileQuota
{
    /// <summary>An upload that neither completed nor aborted in this long gives its reservation back.</summary>
    private static readonly TimeSpan ReservationLife = TimeSpan.FromHours(1);

    private readonly Dictionary<string, Reservation> reservations = [];
    private long used;
    private long attempts;

    private string SchoolId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => used = await catalog.UsedBytesAsync(SchoolId);

    public async Task<UploadTicket> BeginUpload(Actor actor, UploadHeader header)
    {
        await RequireMemberAsync(actor);
        var name = FileRules.CheckHeader(header, options.Value.MaxFileBytes);
        foreach (var stale in reservations.Where(r => Now - r.Value.At > ReservationLife).Select(r => r.Key).ToList()) reservations.Remove(stale);
        // Issue 9: a retry with the same request id is answered the file its first attempt stored, its bytes not read again.
        var fileId = ClientRequestIds.IdOf(keys, "file/" + SchoolId, actor.UserId, header.RequestId);
        if (header.RequestId is not null && await catalog.GetAsync(fileId) is { } stored && stored.UploaderId == actor.UserId)
            return new UploadTicket(fileId, stored.Name, stored);
        // A retry of an upload still running (its client gave up on it) replaces it: only the latest attempt may record the file.
        reservations.Remove(fileId);
        FileRules.EnsureQuota(used, reservations.Values.Sum(r => r.Size), header.Size, options.Value.SchoolQuotaBytes);
        reservations[fileId] = new Reservation(actor.UserId, header.Size, Now, ++attempts);
        return new UploadTicket(fileId, name, Attempt: attempts);
    }

    public async Task<FileView> CompleteUpload(Actor actor, UploadTicket ticket, UploadHeader header, UploadedFacts facts)
    {
        var fileId = ticket.FileId;
        if (!reservations.TryGetValue(fileId, out var r) || r.UserId != actor.UserId)
            throw DomainException.NotFound(FileErrors.FileNotFound, "No such upload.", Rules.Dis1);
        if (r.Attempt != ticket.Attempt)
            throw DomainException.Precondition(FileErrors.UploadSuperseded, "A retry with the same request id replaced this upload.", Rules.Chat8);
        var file = new FileView(fileId, SchoolId, actor.UserId, FileRules.NormalizeName(header.Name), facts.ContentType, header.Size, header.Sha256,
            facts.Scan, Now, null, null, facts.Width, facts.Height, facts.Thumbnail is not null, null, null, false);
        await catalog.InsertAsync(file, facts.Thumbnail);
        reservations.Remove(fileId);
        used += header.Size;
        return file;
    }

    public async Task AbortUpload(Actor actor, UploadTicket ticket, string? refusalCode, string? detail)
    {
        if (reservations.TryGetValue(ticket.FileId, out var r) && r.UserId == actor.UserId && r.Attempt == ticket.Attempt) reservations.Remove(ticket.FileId);
        if (refusalCode == FileErrors.FileInfected)
            await GrainFactory.GetGrain<ISchoolAuditLog>(SchoolId).Append(new AuditRecord(
                "", "file_infected", true, actor.UserId, actor.UserId, null, null, detail ?? "infected upload refused", null, refusalCode, Now));
    }

    public Task<(long Used, long Reserved, long Quota)> Usage() =>
        Task.FromResult((used, reservations.Values.Sum(r => r.Size), options.Value.SchoolQuotaBytes));

    public Task Released(long bytes)
    {
        used = Math.Max(0, used - bytes);
        return Task.CompletedTask;
    }

    private sealed record Reservation(string UserId, long Size, DateTimeOffset At, long Attempt);

    private async Task RequireMemberAsync(Actor actor)
    {
        try
        {
            await GrainFactory.GetGrain<ISchoolFacts>(SchoolId).GetMembership(actor.UserId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
        }
    }
}

/// <summary>One file: who may see it is decided on every access, from the files table, the school and the chat.</summary>
public sealed class FileGrain(FileCatalog catalog) : Grain, IFileGrain
{
    public async Task<FileView> Open(Actor actor)
    {
        var file = await catalog.GetAsync(this.GetPrimaryKeyString()) ?? throw NotFound();
        if (file.TicketId is { } ticketId) return await TicketFileAsync(actor, file, ticketId);
        var school = GrainFactory.GetGrain<ISchoolFacts>(file.SchoolId);
        try
        {
            await school.GetMembership(actor.UserId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw NotFound();
        }

        if (file.DeletedAt is not null)
        {
            // A moderator's deletion keeps the file as evidence for the school's supervisors; an author's removes it.
            if (file.Evidence && (await school.GetAdministratorIds()).Contains(actor.UserId)) return file;
            throw NotFound();
        }

        if (file.UploaderId == actor.UserId) return file;
        if (file.ChatId is { } chatId && await GrainFactory.GetGrain<IChatParticipation>(chatId).Participant(actor.UserId) is not null) return file;
        throw NotFound();
    }

    /// <summary>REG-5: a ticket's file is seen by whoever sees the ticket (an operator of an escalated one included).</summary>
    private async Task<FileView> TicketFileAsync(Actor actor, FileView file, string ticketId)
    {
        if (file.DeletedAt is not null || TicketIds.QueueOf(ticketId) is not { } queue) throw NotFound();
        try
        {
            await GrainFactory.GetGrain<ISupportTicketAccess>(queue).EnsureMaySee(actor, ticketId);
            return file;
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw NotFound();
        }
    }

    private static DomainException NotFound() => DomainException.NotFound(FileErrors.FileNotFound, "No such file.", Rules.Dis1);
}
