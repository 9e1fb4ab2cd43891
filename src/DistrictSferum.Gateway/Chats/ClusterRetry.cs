using System.Data.Common;

namespace DistrictSferum.Gateway.Chats;

/// <summary>
/// While the cluster reshapes (a silo died and is not yet declared dead, or a grain is moving to its new home),
/// grain calls fail with errors that a moment later are gone. A long-lived stream waits those out here instead of
/// ending its client's stream with UNAVAILABLE; after <see cref="Patience"/> it gives up and the client resumes.
/// </summary>
public static class ClusterRetry
{
    /// <summary>Long enough for the membership to declare a dead silo dead with the default probe settings.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    /// <summary>
    /// A failure a retry may not meet: the cluster reshaping or busy, the database briefly unreachable, or a grain
    /// reloading after another activation saved first.
    /// </summary>
    public static bool IsTransient(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or ClientNotAvailableException
            or DbException { IsTransient: true } or Orleans.Storage.InconsistentStateException;

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        // Real time, not the rules' clock: patience with a reshaping cluster must not wait for a test's clock.
        var started = TimeProvider.System.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsTransient(e) && TimeProvider.System.GetElapsedTime(started) < Patience && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt * attempt)), cancellationToken);
            }
        }
    }

    public static Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await call();
            return true;
        }, cancellationToken);
}
