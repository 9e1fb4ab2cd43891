using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// Asks a .NET process, over its diagnostics socket (EventPipe, as dotnet-gcdump does), for a full blocking GC and
/// reads the managed heap size after it: unlike VmRSS it holds only what is alive.
/// </summary>
public static class GcProbe
{
    public static async Task<long?> HeapAfterFullGcAsync(int pid, TimeSpan timeout)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
            using var session = client.StartEventPipeSession(
                new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords), requestRundown: false);
            using var source = new EventPipeEventSource(session.EventStream);
            long? heap = null;
            var fullGc = false;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            source.Clr.GCStart += e => fullGc |= e.Depth == 2;
            source.Clr.GCHeapStats += e =>
            {
                if (!fullGc || heap is not null) return;
                heap = e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4;
                done.TrySetResult();
            };
            var processing = Task.Run(() => source.Process());
            await Task.WhenAny(done.Task, processing, Task.Delay(timeout));
            try
            {
                await session.StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException or ObjectDisposedException)
            {
                // Already stopped.
            }

            await Task.WhenAny(processing, Task.Delay(2000));
            return heap;
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            return null;
        }
    }
}
