using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Grains.Common;

/// <summary>Retries a call whose failure may pass (a database hiccup, a silo leaving); a refusal is final.</summary>
public static class Retry
{
    public static async Task TransientAsync(Func<Task> call, int attempts, TimeSpan? firstDelay = null)
    {
        var delay = firstDelay ?? TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception e) when (e is not DomainException && attempt < attempts)
            {
                await Task.Delay(delay * attempt);
            }
        }
    }
}
