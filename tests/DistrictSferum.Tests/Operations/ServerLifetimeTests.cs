using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Operations;

/// <summary>
/// A stopped server lets go of everything it held: nothing process-wide (a timer, a static) keeps its services
/// reachable. One such root kept every server of the test run in memory (10 GB by its end, with garbage
/// collections pausing the run for seconds), and it would keep an in-process restart's old server just as well.
/// </summary>
public sealed class ServerLifetimeTests
{
    [Fact]
    public async Task A_stopped_server_leaves_nothing_of_itself_reachable()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("lifetime");
        var stopped = await RunAndStopAsync(database);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (stopped.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(200);
        }

        Assert.False(stopped.IsAlive, "the stopped server's services are still reachable");
    }

    private static async Task<WeakReference> RunAndStopAsync(string database)
    {
        var server = await ServerHost.StartAsync(database);
        var services = new WeakReference(server.Services);
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        await school.ChatAsync(school.Teacher, Protos.V1.ChatKind.ClassStudents, school.Students);
        await server.StopAsync();
        return services;
    }
}
