using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Audit;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Grains.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DistrictSferum.Grains.Moderation;

/// <summary>
/// Verifies an audit chain outside its grain: the chain's grain only checks the reader and hands out its anchor; the
/// rows are read here in batches of <see cref="AuditOptions.VerifyBatch"/> and fed to <see cref="AuditChain.Verification"/>.
/// </summary>
[StatelessWorker]
public sealed class AuditVerifierGrain(
    IAuditStore moderation,
    [FromKeyedServices(AdminAuditGrain.StoreKey)] IAuditStore admin,
    IOptions<AuditOptions> options) : Grain, IAuditVerifierGrain
{
    public async Task<AuditVerification> VerifyModeration(Actor actor, string schoolId) =>
        await VerifyAsync(moderation, schoolId, await GrainFactory.GetGrain<ISchoolAuditGrain>(schoolId).Anchor(actor));

    public async Task<AuditVerification> VerifyAdmin(Actor actor, string chain) =>
        await VerifyAsync(admin, chain, await GrainFactory.GetGrain<IAdminAuditGrain>(chain).Anchor(actor));

    private async Task<AuditVerification> VerifyAsync(IAuditStore store, string chain, AuditAnchorView anchor)
    {
        var check = new AuditChain.Verification(options.Value.Keys(), anchor.LastSeq, anchor.LastHash);
        var batch = Math.Max(1, options.Value.VerifyBatch);
        for (var after = 0L; after < anchor.LastSeq;)
        {
            var rows = await store.AfterAsync(chain, after, (int)Math.Min(batch, anchor.LastSeq - after));
            var more = rows.Count > 0;
            foreach (var row in rows)
                if (!check.Feed(row)) { more = false; break; }
            if (!more) break;
            after = rows[^1].Seq;
        }

        for (var after = anchor.LastSeq; check.FirstBroken() is null;)
        {
            var rows = await store.AfterAsync(chain, after, batch);
            foreach (var row in rows)
                if (!check.FeedAfterAnchor(row)) break;
            if (rows.Count < batch) break;
            after = rows[^1].Seq;
        }

        var broken = check.FirstBroken();
        return new AuditVerification(broken is null, check.RowsChecked, broken);
    }
}
