using DistrictSferum.Contracts.Audit;
using DistrictSferum.Grains.Moderation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DistrictSferum.Grains.Audit;

/// <summary>
/// Issue 8: the intent to audit an action, committed in the action's own transaction, then appended to
/// <paramref name="Chain"/> (a school id or <see cref="IAdminAuditGrain.District"/>) once, by its record's intent id.
/// </summary>
public sealed record AuditIntent(string Chain, AdminAuditRecord Record)
{
    public string IntentId => Record.IntentId ?? throw new InvalidOperationException("An audit intent carries its intent id.");

    public static AuditIntent For(string chain, AdminAuditRecord record) => new(chain, record with { IntentId = Guid.NewGuid().ToString("N") });
}

/// <summary>Where committed intents wait for their chain (admin_audit_outbox in PostgreSQL; none for in-memory grain tests).</summary>
public interface IAuditIntentStore
{
    /// <summary>Intents committed at least <paramref name="olderThan"/> ago and not yet appended, oldest first.</summary>
    Task<IReadOnlyList<AuditIntent>> PendingAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken = default);

    /// <summary>Appended: their rows go.</summary>
    Task DoneAsync(IReadOnlyCollection<string> intentIds, CancellationToken cancellationToken = default);
}

/// <summary>admin_audit_outbox (deploy/sql/0060). Stores add <see cref="InsertCommand"/> to the action's own transaction.</summary>
public sealed class PostgresAuditIntentStore(NpgsqlDataSource database) : IAuditIntentStore
{
    public static NpgsqlBatchCommand InsertCommand(AuditIntent intent)
    {
        var r = intent.Record;
        var command = new NpgsqlBatchCommand("""
            INSERT INTO admin_audit_outbox (intent_id, chain, action, actor_id, subject_user_id, detail, at)
            VALUES (@intent_id, @intent_chain, @intent_action, @intent_actor, @intent_subject, @intent_detail, @intent_at) ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue("intent_id", intent.IntentId);
        command.Parameters.AddWithValue("intent_chain", intent.Chain);
        command.Parameters.AddWithValue("intent_action", r.Action);
        command.Parameters.AddWithValue("intent_actor", r.ActorId);
        command.Parameters.AddWithValue("intent_subject", (object?)r.SubjectUserId ?? DBNull.Value);
        command.Parameters.AddWithValue("intent_detail", r.Detail);
        command.Parameters.AddWithValue("intent_at", r.At);
        return command;
    }

    public async Task<IReadOnlyList<AuditIntent>> PendingAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT intent_id, chain, action, actor_id, subject_user_id, detail, at FROM admin_audit_outbox
             WHERE created_at < now() - @age ORDER BY created_at, intent_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("age", olderThan);
        command.Parameters.AddWithValue("limit", limit);
        var intents = new List<AuditIntent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = new AdminAuditRecord(reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6))
            { IntentId = reader.GetString(0) };
            intents.Add(new AuditIntent(reader.GetString(1), record));
        }

        return intents;
    }

    public async Task DoneAsync(IReadOnlyCollection<string> intentIds, CancellationToken cancellationToken = default)
    {
        if (intentIds.Count == 0) return;
        await using var command = database.CreateCommand("DELETE FROM admin_audit_outbox WHERE intent_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", intentIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>In-memory stores keep no intents (nothing of theirs outlives the process): only the append right after the commit.</summary>
public sealed class NoAuditIntentStore : IAuditIntentStore
{
    public Task<IReadOnlyList<AuditIntent>> PendingAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditIntent>>([]);

    public Task DoneAsync(IReadOnlyCollection<string> intentIds, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Appends committed intents to their chains and clears them; what fails here is left to the sweep.</summary>
public sealed class AuditIntents(IAuditIntentStore store, ILogger<AuditIntents> logger)
{
    /// <summary>
    /// Never throws: the action is committed, and so is its intent. True when every intent is in its chain;
    /// <paramref name="stored"/>: they are rows of admin_audit_outbox (not a grain's own state), cleared once appended.
    /// </summary>
    public async Task<bool> DeliverAsync(IGrainFactory grains, IReadOnlyList<AuditIntent> intents, CancellationToken cancellationToken = default, bool stored = true)
    {
        if (intents.Count == 0) return true;
        var done = new List<string>();
        try
        {
            foreach (var intent in intents)
            {
                await grains.GetGrain<IAdminAuditLog>(intent.Chain).Append(intent.Record);
                done.Add(intent.IntentId);
            }

            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning(e, "An admin-audit intent could not be appended now; the sweep appends it later");
            return false;
        }
        finally
        {
            if (!stored) done.Clear();
            try
            {
                await store.DoneAsync(done, cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                // Appended already: the sweep appends nothing again and deletes the row then.
                logger.LogWarning(e, "Clearing appended admin-audit intents failed; the sweep clears them");
            }
        }
    }
}

/// <summary>
/// Every <see cref="AuditOptions.IntentSweep"/>, appends the intents a crash or a failed append left behind (rows older
/// than one sweep period, so an action's own append usually gets there first; a second append is a no-op anyway).
/// </summary>
public sealed class AuditIntentSweeper(
    AuditIntents intents, IAuditIntentStore store, IGrainFactory grains, IOptions<AuditOptions> options, ILogger<AuditIntentSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.IntentSweep;
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var pending = await store.PendingAsync(period, 500, stoppingToken);
                var appended = 0;
                // One chain's failure does not hold up the others.
                foreach (var chain in pending.GroupBy(i => i.Chain).Select(g => g.ToList()))
                    if (await intents.DeliverAsync(grains, chain, stoppingToken)) appended += chain.Count;
                if (appended > 0) logger.LogInformation("Appended {Count} admin-audit intents left behind", appended);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The admin-audit intent sweep failed; the next round tries again");
            }
        }
    }
}

/// <summary>
/// Issues 8 and 9, for a grain whose action is its own persistent state: the action's audit records are kept in that
/// state (<paramref name="outbox"/>), so one WriteStateAsync stores both; <paramref name="deliver"/> appends them right
/// after, again by a timer after a failure, and after a crash once the grain is next activated (once, by intent id:
/// <paramref name="withIntentId"/> gives each its own). Appended records leave the stored state with the grain's next write.
/// </summary>
public class StateAuditOutbox<TRecord>(Grain grain, Func<List<TRecord>> outbox, Func<TRecord, TRecord> withIntentId, Func<IReadOnlyList<TRecord>, Task<bool>> deliver)
{
    private IGrainTimer? retry;

    /// <summary>Call before the WriteStateAsync that stores the action.</summary>
    public void Add(TRecord record) => outbox().Add(withIntentId(record));

    /// <summary>From OnActivateAsync: what a crash left is appended right after activation (no outbound call from there).</summary>
    public void ResumeAfterActivation()
    {
        if (outbox().Count > 0) RetryIn(TimeSpan.Zero);
    }

    /// <summary>After an action failed half-way: what it committed is delivered (or found moot) a little later.</summary>
    public void DeliverLater()
    {
        if (outbox().Count > 0) RetryIn(TimeSpan.FromSeconds(5));
    }

    public async Task DeliverAsync()
    {
        var pending = outbox().ToList();
        if (pending.Count == 0) return;
        if (await deliver(pending))
            outbox().RemoveAll(pending.Contains);
        else
            RetryIn(TimeSpan.FromSeconds(5));
    }

    private void RetryIn(TimeSpan due)
    {
        retry?.Dispose();
        retry = grain.RegisterGrainTimer(async _ =>
        {
            retry?.Dispose();
            retry = null;
            await DeliverAsync();
        }, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }
}

/// <summary>The admin audit's <see cref="StateAuditOutbox{TRecord}"/>: its records go to <paramref name="chain"/> through <see cref="AuditIntents"/>.</summary>
public sealed class StateAuditOutbox(Grain grain, IGrainFactory grains, AuditIntents intents, string chain, Func<List<AdminAuditRecord>> outbox)
    : StateAuditOutbox<AdminAuditRecord>(grain, outbox, r => r with { IntentId = Guid.NewGuid().ToString("N") },
        pending => intents.DeliverAsync(grains, pending.Select(r => new AuditIntent(chain, r)).ToList(), stored: false));
