using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Moderation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Grains.Audit;

/// <summary>
/// Serializes one admin-audit chain's appends (a school's, or the district's) so each row chains to the one before,
/// with the same hash chain and anchor technique as the moderation audit (<see cref="AuditChain"/>).
/// </summary>
public sealed class AdminAuditGrain(
    [PersistentState("admin-audit-anchor", StorageNames.Grains)] IPersistentState<AuditAnchor> anchor,
    [FromKeyedServices(AdminAuditGrain.StoreKey)] IAuditStore store,
    IOptions<AuditOptions> options,
    ILogger<AdminAuditGrain> logger) : Grain, IAdminAuditGrain, IAdminAuditLog
{
    public const string StoreKey = "admin-audit";

    private long lastSeq;
    private string lastHash = AuditChain.Genesis;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // As the moderation audit: resume exactly from the last row that chains on from the anchor.
        var (moved, unchained) = await AuditChain.ResumeAsync(store, Key, options.Value.Keys(), anchor.State, cancellationToken);
        if (moved) await anchor.WriteStateAsync();
        if (unchained) logger.LogError("The admin audit chain {Chain} has a stored row after {Seq} that does not chain on; nothing is appended after it", Key, anchor.State.LastSeq);
        (lastSeq, lastHash) = (anchor.State.LastSeq, anchor.State.LastHash);
    }

    public async Task<AuditEntry> Append(AdminAuditRecord r)
    {
        var entry = AuditChain.Next(options.Value.Keys(), Key, lastSeq, lastHash,
            new AuditRecord("", r.Action, false, r.ActorId, r.SubjectUserId, null, null, r.Detail, null, null, r.At));
        try
        {
            if (r.IntentId is { Length: > 0 } intent)
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
            DeactivateOnIdle();
            throw;
        }

        (lastSeq, lastHash) = (entry.Seq, entry.Hash);
        (anchor.State.LastSeq, anchor.State.LastHash) = (entry.Seq, entry.Hash);
        await anchor.WriteStateAsync();
        return entry;
    }

    public async Task<Page<AuditEntry>> Query(Actor actor, PageRequest page)
    {
        await EnsureReader(actor);
        return await store.QueryAsync(Key, new AuditQuery(null, null, null, null, null), page);
    }

    public async Task<AuditAnchorView> Anchor(Actor actor)
    {
        await EnsureReader(actor);
        return new AuditAnchorView(anchor.State.LastSeq, anchor.State.LastHash);
    }

    /// <summary>A school's log: its director, deputies and administrators, and operators; the district's: operators.</summary>
    private async Task EnsureReader(Actor actor)
    {
        var district = GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key);
        if (Key == IAdminAuditGrain.District)
        {
            if (await district.IsOperator(actor)) return;
            throw DomainException.Denied(DistrictErrors.NotOperator, "The district's admin audit is for district operators.", Rules.Org1);
        }

        try
        {
            var member = await GrainFactory.GetGrain<ISchoolFacts>(Key).GetMembership(actor.UserId);
            if ((member.Roles & (SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator)) != 0) return;
            throw DomainException.Denied(ModerationErrors.NotSupervisor, "The admin audit is for the director and administrators.", Rules.Org16);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            if (await district.IsOperator(actor)) return;
            throw;
        }
    }
}
