using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.Options;
using Orleans.Streams;

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
    IOptions<AuditOptions> options) : Grain, ISchoolAuditGrain
{
    private long lastSeq;
    private string lastHash = AuditChain.Genesis;

    private string SchoolId => this.GetPrimaryKeyString();


    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (lastSeq, lastHash) = (anchor.State.LastSeq, anchor.State.LastHash);
        // A row stored just before a crash, whose anchor write was lost: the table is ahead, continue from it.
        if (await store.LastAsync(SchoolId, cancellationToken) is { } last && last.Seq > lastSeq) (lastSeq, lastHash) = (last.Seq, last.Hash);
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
        await this.GetStreamProvider(StreamNames.Provider).GetStream<AuditEntry>(StreamId.Create(StreamNames.Moderation, SchoolId)).OnNextAsync(entry);
        return entry;
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
            var community = GrainFactory.GetGrain<Contracts.Communities.ICommunityGrain>(SchoolId);
            if ((await community.GetModeratorIds()).Contains(actor.UserId) || await GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key).IsOperator(actor.UserId)) return;
            await community.GetMembership(actor.UserId); // NOT_FOUND to a stranger
            throw DomainException.Denied(ModerationErrors.NotSupervisor, "A community's moderation audit is for its moderators and the operators.", Rules.Org16);
        }

        try
        {
            var member = await GrainFactory.GetGrain<ISchoolGrain>(SchoolId).GetMembership(actor.UserId);
            if ((member.Roles & (SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator)) != 0) return;
            throw DomainException.Denied(ModerationErrors.NotSupervisor, "The moderation audit is for the director and administrators.", Rules.Org16);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            if (await GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key).IsOperator(actor.UserId)) return;
            throw;
        }
    }
}
