namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// Tests that start server processes and judge them over time (a silo killed, a server stopped) run one at a time
/// after the parallel ones, so a machine busy with the rest of the suite does not decide their outcome.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiProcessCollection
{
    public const string Name = "multi-process";
}
