namespace DistrictSferum.Grains.Common;

/// <summary>
/// Runs one operation at a time inside a grain; calls that arrive while it runs share the one next run, which
/// sees everything they changed (a group commit). For grains whose turns interleave: the grain's single thread
/// makes the bookkeeping safe without locks.
/// </summary>
public sealed class Coalescing(Func<Task> operation)
{
    private Task? running;
    private Task? next;

    /// <summary>
    /// A queued run not yet started takes this caller's changes too; a caller resuming between the end of one run and
    /// the start of the queued one must not start a third beside it.
    /// </summary>
    public Task RunAsync()
    {
        if (next is not null) return next;
        if (running is { IsCompleted: false }) return next = AfterAsync(running);
        return running = operation();
    }

    private async Task AfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // That run's callers see its failure; this one is a run of its own.
        }

        next = null;
        await (running = operation());
    }
}
