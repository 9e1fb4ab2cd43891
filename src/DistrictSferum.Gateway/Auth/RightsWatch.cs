using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Gateway.Auth;

/// <summary>
/// Re-checks a stream's right every interval, so a right withdrawn elsewhere ends the stream within seconds even
/// when nothing else happens. <see cref="Token"/> is cancelled once the check refuses; <see cref="Lost"/> says why.
/// </summary>
public sealed class RightsWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource ended;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private RightsWatch(Func<Task> check, TimeSpan interval, CancellationToken callToken)
    {
        ended = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        loop = RunAsync(check, interval);
    }

    public CancellationToken Token => ended.Token;

    public DomainException? Lost { get; private set; }

    public static RightsWatch Start(Func<Task> check, TimeSpan interval, CancellationToken callToken) => new(check, interval, callToken);

    private async Task RunAsync(Func<Task> check, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                try
                {
                    await check();
                }
                catch (DomainException e)
                {
                    Lost = e;
                    await ended.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cluster could not answer this time; the next tick asks again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
        ended.Dispose();
    }
}
