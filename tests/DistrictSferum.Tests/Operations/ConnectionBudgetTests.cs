using DistrictSferum.Server;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DistrictSferum.Tests.Operations;

/// <summary>Issue 9 item 7: pool sizes come from one cluster-wide connection budget, so N silos never exceed it.</summary>
public sealed class ConnectionBudgetTests
{
    [Theory]
    [InlineData(90, 3, 15)] // the chart's default budget, 2 replicas + 1 surge pod
    [InlineData(100, 4, 12)]
    [InlineData(20, 2, 5)]
    public void Each_pool_gets_the_budget_over_two_pools_per_expected_silo(int budget, int silos, int pool)
    {
        Assert.Equal(pool, ConnectionBudget.PoolSize(budget, silos));
        Assert.True(ConnectionBudget.PoolsPerSilo * silos * pool <= budget);
    }

    [Fact]
    public void A_budget_too_small_for_the_silos_is_refused_and_no_budget_keeps_the_pool_setting()
    {
        Assert.Contains("too small", Assert.Throws<InvalidOperationException>(() => ConnectionBudget.PoolSize(19, 2)).Message);
        Assert.Throws<InvalidOperationException>(() => ConnectionBudget.PoolSize(90, 0));
        Assert.Equal(40, ConnectionBudget.PoolSizeFrom(0, 3, 40));
    }

    [Fact]
    public async Task A_server_sizes_its_pools_from_the_budget_and_refuses_to_start_on_one_too_small()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = WithoutPoolSize(await postgres.CreateDatabaseAsync("budget"));
        await using (var server = await ServerHost.StartAsync(database,
            settings: new Dictionary<string, string?> { ["Database:ConnectionBudget"] = "24", ["Database:ExpectedSilos"] = "2" }))
        {
            var pool = new NpgsqlConnectionStringBuilder(server.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize;
            Assert.Equal(6, pool);
        }

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ServerHost.StartAsync(database,
            settings: new Dictionary<string, string?> { ["Database:ConnectionBudget"] = "12", ["Database:ExpectedSilos"] = "2" }));
        Assert.Contains("too small", refused.ToString());
    }

    /// <summary>The test fixture's strings carry a pool size (which a server keeps); the budget applies without one.</summary>
    private static string WithoutPoolSize(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Remove("Maximum Pool Size");
        return builder.ConnectionString;
    }
}
