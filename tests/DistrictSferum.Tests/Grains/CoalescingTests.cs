using DistrictSferum.Grains.Common;

namespace DistrictSferum.Tests.Grains;

/// <summary>The school's group commit: never two saves at once, and every caller's change in a save that starts after it.</summary>
public sealed class CoalescingTests
{
    [Fact]
    public async Task A_caller_resuming_after_a_save_never_starts_a_second_one_beside_the_queued_run()
    {
        var gates = new Queue<TaskCompletionSource>();
        int active = 0, most = 0, runs = 0;
        var coalescing = new Coalescing(async () =>
        {
            runs++;
            most = Math.Max(most, ++active);
            var gate = new TaskCompletionSource(TaskCreationOptions.None);
            gates.Enqueue(gate);
            await gate.Task;
            active--;
        });

        var first = coalescing.RunAsync();
        Task? again = null;
        // The first caller's continuation is registered before the queued run's, as a grain's awaiting caller is.
        _ = first.ContinueWith(_ => again = coalescing.RunAsync(), TaskContinuationOptions.ExecuteSynchronously);
        var queued = coalescing.RunAsync();
        gates.Dequeue().SetResult();
        while (gates.Count > 0) gates.Dequeue().SetResult();
        await queued;
        await again!;
        while (gates.Count > 0) gates.Dequeue().SetResult();

        Assert.Equal(1, most);
        Assert.Equal(2, runs);
    }
}
