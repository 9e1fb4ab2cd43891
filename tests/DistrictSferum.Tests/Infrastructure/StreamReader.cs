using Grpc.Core;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>Reads a server stream until the item a test waits for arrives, within a bounded time.</summary>
public static class StreamWait
{
    public static async Task<T> ForAsync<T>(IAsyncStreamReader<T> stream, Func<T, bool> match, int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (await stream.MoveNext(deadline.Token))
            if (match(stream.Current)) return stream.Current;
        throw new InvalidOperationException("The stream ended before the awaited item.");
    }
}
