using DistrictSferum.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DistrictSferum.Grains.Identity;

/// <summary>Contacts that never signed in, by the time they may be removed (deploy/sql/0045).</summary>
public interface IContactExpiryStore
{
    /// <summary>Keeps <paramref name="contactKey"/> until <paramref name="dueAt"/> at least.</summary>
    Task ScheduleAsync(string contactKey, DateTimeOffset dueAt);

    /// <summary>The contact signed in or is gone: nothing to sweep.</summary>
    Task ForgetAsync(string contactKey);

    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit);
}

public sealed class PostgresContactExpiryStore(NpgsqlDataSource database) : IContactExpiryStore
{
    public async Task ScheduleAsync(string contactKey, DateTimeOffset dueAt)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO contact_expiry (contact_key, due_at) VALUES (@key, @due)
            ON CONFLICT (contact_key) DO UPDATE SET due_at = excluded.due_at
            """);
        command.Parameters.AddWithValue("key", contactKey);
        command.Parameters.AddWithValue("due", dueAt);
        await command.ExecuteNonQueryAsync();
    }

    public async Task ForgetAsync(string contactKey)
    {
        await using var command = database.CreateCommand("DELETE FROM contact_expiry WHERE contact_key = @key");
        command.Parameters.AddWithValue("key", contactKey);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit)
    {
        await using var command = database.CreateCommand("SELECT contact_key FROM contact_expiry WHERE due_at <= @now ORDER BY due_at LIMIT @limit");
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }
}

/// <summary>
/// Issue 8: contacts created by RequestCode that never signed in are removed once due (their row in the grain storage
/// deleted, not kept empty). Runs on every silo; a contact asked twice decides once, in its own turn.
/// </summary>
public sealed class UnverifiedContactSweeper(
    IContactExpiryStore expiry, IGrainFactory grains, IOptions<SignInOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock, ILogger<UnverifiedContactSweeper> logger) : BackgroundService
{
    private const int PageSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UnverifiedContactSweepEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sweeping unverified contacts failed; the next round tries again");
            }
        }
    }

    /// <summary>One round; returns how many contacts were removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        // Each contact asked either goes or moves its due time on, so pages do not repeat; the bound is a safety net.
        for (var page = 0; page < 100 && !cancellationToken.IsCancellationRequested; page++)
        {
            var due = await expiry.DueAsync(clock.GetUtcNow(), PageSize);
            foreach (var key in due)
            {
                try
                {
                    if (await grains.GetGrain<IContactAccounts>(key).ExpireIfUnverified()) removed++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("A contact could not be expired this round: {Error}", e.GetType().Name);
                }
            }

            if (due.Count < PageSize) break;
        }

        if (removed > 0) logger.LogInformation("Removed {Count} contacts that never signed in", removed);
        return removed;
    }
}
