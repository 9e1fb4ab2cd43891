using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DistrictSferum.Grains.Communities;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Moderation;

[GenerateSerializer, Alias("ds.AuditAnchor")]
public sealed class AuditAnchor
{
    [Id(0)] public long LastSeq { get; set; }
    [Id(1)] public string LastHash { get; set; } = AuditChain.Genesis;
}

/// <summary>
/// Serializes a school's audit appends so each row chains to the one before, keeps the chain's end (the anchor)
/// in its own state outside the table, and publishes each row live.
/// </summary>
public sealed class SchoolAuditGrain(
    [PersistentState("audit-anchor", StorageNames.Grains)] IPersistentState<AuditAnchor> anchor,
    IAuditStore store,
    IOptions<AuditOptions> options,
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<SchoolAuditGrain> logger) : Grain, ISchoolAuditGrain, ISchoolAuditLog
{
    private readonly RefusalTally refusals = new();
    private IGrainTimer? refusalFlush;
    private long lastSeq;
    private string lastHash = AuditChain.Genesis;

    private string SchoolId => this.GetPrimaryKeyString();


    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A row stored just before a crash, whose anchor write was lost: the anchor moves over the rows that chain on
        // from it (and only those), so verification covers them and the next append chains to the last of them.
        var (moved, unchained) = await AuditChain.ResumeAsync(store, SchoolId, options.Value.Keys(), anchor.State, cancellationToken);
        if (moved) await anchor.WriteStateAsync();
        if (unchained) logger.LogError("The moderation audit of school {SchoolId} has a stored row after {Seq} that does not chain on; nothing is appended after it", SchoolId, anchor.State.LastSeq);
        (lastSeq, lastHash) = (anchor.State.LastSeq, anchor.State.LastHash);
    }

    public async Task<AuditEntry> Append(AuditRecord record)
    {
        var entry = AuditChain.Next(options.Value.Keys(), SchoolId, lastSeq, lastHash, record);
        try
        {
            // Issue 9: a record committed with its action (the chat's outbox) may be delivered twice; the second is a no-op.
            if (record.IntentId is { Length: > 0 } intent)
            {
                if (await store.AppendOnceAsync(entry, intent) is { } earlier) return earlier;
            }
            else
            {
                await store.AppendAsync(entry);
            }
        }
        catch
        {
            // Someone else may have appended (a second activation); reload the tail before trying again.
            DeactivateOnIdle();
            throw;
        }

        (lastSeq, lastHash) = (entry.Seq, entry.Hash);
        (anchor.State.LastSeq, anchor.State.LastHash) = (entry.Seq, entry.Hash);
        await anchor.WriteStateAsync();
        try
        {
            await this.GetStreamProvider(StreamNames.Provider).GetStream<AuditEntry>(StreamId.Create(StreamNames.Moderation, SchoolId)).OnNextAsync(entry);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The row is stored: a watcher reads it from the table when the next row shows the gap, or when it resumes.
            logger.LogWarning(e, "Audit row {Seq} of school {SchoolId} is stored but was not published live", entry.Seq, SchoolId);
        }

        return entry;
    }

    public async Task AppendRefused(AuditRecord record)
    {
        await FlushRefusalsAsync();
        if (!refusals.Count(record)) await Append(record);
        // What a minute counted is recorded when the minute is over, even if nobody tries again.
        refusalFlush ??= this.RegisterGrainTimer(_ => FlushRefusalsAsync(), new GrainTimerCreationOptions(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        refusals.AdvanceAll();
        try
        {
            await FlushRefusalsAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A database that is gone while the silo stops: the counts of refusals (which changed nothing) are lost then.
            logger.LogWarning(e, "Recording the refused attempts counted in school {SchoolId} failed while deactivating", SchoolId);
        }
    }

    /// <summary>One row per (actor, action, minute) for the refusals after that minute's first, once the minute is over.</summary>
    private async Task FlushRefusalsAsync()
    {
        foreach (var (first, last, more) in refusals.Over(clock.GetUtcNow()))
            await Append(new AuditRecord(last.ChatId, first.Action, true, first.ActorId, null, null, null,
                $"refused {more} more times in the minute from {RefusalTally.MinuteOf(first.At):O}; last: {last.Detail}", null, last.ErrorCode, last.At));
        if (refusals.IsEmpty && refusalFlush is not null)
        {
            refusalFlush.Dispose();
            refusalFlush = null;
        }
    }

    public async Task<Page<AuditEntry>> Query(Actor actor, AuditQuery query, PageRequest page)
    {
        await EnsureSupervisor(actor);
        return await store.QueryAsync(SchoolId, query, page);
    }

    public async Task<IReadOnlyList<AuditEntry>> After(Actor actor, long afterSeq, int limit)
    {
        await EnsureSupervisor(actor);
        return await store.AfterAsync(SchoolId, afterSeq, Math.Clamp(limit, 1, 1000));
    }

    public async Task<AuditAnchorView> Anchor(Actor actor)
    {
        await EnsureSupervisor(actor);
        return new AuditAnchorView(anchor.State.LastSeq, anchor.State.LastHash);
    }

    /// <summary>ORG-16: the director, deputies and administrators (and district operators) supervise moderation.</summary>
    public async Task EnsureSupervisor(Actor actor)
    {
        // A district community's chats (DIS-2): its moderators and the operators supervise them.
        if (Contracts.Communities.CommunityIds.Is(SchoolId))
        {
            var community = GrainFactory.GetGrain<ICommunityRoster>(SchoolId);
            if ((await community.GetModeratorIds()).Contains(actor.UserId) || await GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key).IsOperator(actor)) return;
            await community.GetMembership(actor.UserId); // NOT_FOUND to a stranger
            throw DomainException.Denied(ModerationErrors.NotSupervisor, "A community's moderation audit is for its moderators and the operators.", Rules.Org16);
        }

        try
        {
            var member = await GrainFactory.GetGrain<ISchoolFacts>(SchoolId).GetMembership(actor.UserId);
            if ((member.Roles & (SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator)) != 0) return;
            throw DomainException.Denied(ModerationErrors.NotSupervisor, "The moderation audit is for the director and administrators.", Rules.Org16);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            if (await GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key).IsOperator(actor)) return;
            throw;
        }
    }
}

/// <summary>
/// Pure: refused attempts counted per (actor, action, minute). The first of a minute is recorded on its own (it says
/// what was refused and why); the rest are counted and handed out as one aggregate once their minute is over.
/// </summary>
public sealed class RefusalTally
{
    private readonly Dictionary<(string Actor, string Action, DateTimeOffset Minute), (AuditRecord First, AuditRecord Last, int More)> minutes = [];
    private bool advanceAll;

    public bool IsEmpty => minutes.Count == 0;

    public static DateTimeOffset MinuteOf(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute, at.Offset);

    /// <summary>Counts <paramref name="record"/>; false when it is the first of its (actor, action, minute) and must be recorded itself.</summary>
    public bool Count(AuditRecord record)
    {
        var key = (record.ActorId, record.Action, MinuteOf(record.At));
        if (minutes.TryGetValue(key, out var tally))
        {
            minutes[key] = (tally.First, record, tally.More + 1);
            return true;
        }

        minutes[key] = (record, record, 0);
        return false;
    }

    /// <summary>Before a deactivation: every minute counts as over.</summary>
    public void AdvanceAll() => advanceAll = true;

    /// <summary>Minutes over by <paramref name="now"/> that counted more than their first refusal; they are forgotten.</summary>
    public IReadOnlyList<(AuditRecord First, AuditRecord Last, int More)> Over(DateTimeOffset now)
    {
        var over = minutes.Where(m => advanceAll || m.Key.Minute.AddMinutes(1) <= now).ToList();
        foreach (var m in over) minutes.Remove(m.Key);
        return over.Where(m => m.Value.More > 0).OrderBy(m => m.Value.First.At).Select(m => m.Value).ToList();
    }
}
