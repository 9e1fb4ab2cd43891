using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Contracts.Schools;
using Orleans.Streams;

namespace DistrictSferum.Grains.Moderation;

/// <summary>Serializes a school's audit appends so each row chains to the one before; publishes each live.</summary>
public sealed class SchoolAuditGrain(IAuditStore store) : Grain, ISchoolAuditGrain
{
    private long lastSeq;
    private string lastHash = AuditChain.Genesis;

    private string SchoolId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.LastAsync(SchoolId, cancellationToken) is { } last) (lastSeq, lastHash) = (last.Seq, last.Hash);
    }

    public async Task<AuditEntry> Append(AuditRecord record)
    {
        var entry = AuditChain.Next(SchoolId, lastSeq, lastHash, record);
        try
        {
            await store.AppendAsync(entry);
        }
        catch
        {
            // Someone else may have appended (a second activation); reload the tail before trying again.
            DeactivateOnIdle();
            throw;
        }

        (lastSeq, lastHash) = (entry.Seq, entry.Hash);
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
        var rows = new List<AuditEntry>();
        await foreach (var row in store.AllAsync(SchoolId))
        {
            if (row.Seq <= afterSeq) continue;
            rows.Add(row);
            if (rows.Count == Math.Clamp(limit, 1, 1000)) break;
        }

        return rows;
    }

    public async Task<AuditVerification> Verify(Actor actor)
    {
        await EnsureSupervisor(actor);
        var rows = new List<AuditEntry>();
        await foreach (var row in store.AllAsync(SchoolId)) rows.Add(row);
        long count = 0;
        var broken = AuditChain.FirstBroken(rows, ref count);
        return new AuditVerification(broken is null, count, broken);
    }

    /// <summary>ORG-16: the director, deputies and administrators (and district operators) supervise moderation.</summary>
    public async Task EnsureSupervisor(Actor actor)
    {
        try
        {
            var member = await GrainFactory.GetGrain<ISchoolGrain>(SchoolId).GetMembership(actor.UserId);
            if ((member.Roles & (SchoolRoles.Director | SchoolRoles.Deputy | SchoolRoles.Administrator)) != 0) return;
            throw DomainException.Denied("NOT_SUPERVISOR", "The moderation audit is for the director and administrators.", Rules.Org16);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            if (await GrainFactory.GetGrain<IDistrictGrain>(IDistrictGrain.Key).IsOperator(actor.UserId)) return;
            throw;
        }
    }
}
