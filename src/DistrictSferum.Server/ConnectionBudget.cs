namespace DistrictSferum.Server;

/// <summary>
/// Issue 9: PostgreSQL connections come from one budget for the whole cluster (<c>Database:ConnectionBudget</c>: what
/// the database grants this service; <c>Database:ExpectedSilos</c>: the most silos that run at once, a rolling
/// update's extra one included). Each silo holds two pools (its own data source and the Orleans providers'), so
/// each pool gets budget / (2 x silos) and N silos together never hold more than the budget.
/// </summary>
public static class ConnectionBudget
{
    public const int PoolsPerSilo = 2;

    /// <summary>Below this a pool queues a silo's ordinary traffic (a group commit, a few grain loads, reminders).</summary>
    public const int MinimumPoolSize = 5;

    public static int PoolSize(int budget, int expectedSilos)
    {
        if (expectedSilos < 1) throw new InvalidOperationException($"Database:ExpectedSilos must be at least 1 (it is {expectedSilos}).");
        var size = budget / (PoolsPerSilo * expectedSilos);
        return size >= MinimumPoolSize
            ? size
            : throw new InvalidOperationException(
                $"Database:ConnectionBudget {budget} is too small for {expectedSilos} silos with {PoolsPerSilo} pools each: it needs at least {MinimumPoolSize * PoolsPerSilo * expectedSilos}.");
    }

    /// <summary>The pool size a silo uses: from the budget when one is set, else <c>Database:MaxPoolSize</c> (default 40).</summary>
    public static int PoolSizeFrom(int budget, int expectedSilos, int maxPoolSize) =>
        budget > 0 ? PoolSize(budget, expectedSilos) : maxPoolSize;
}
