using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Tests.Stores;

/// <summary>What every <see cref="IContactExpiryStore"/> does, run against PostgreSQL and memory alike.</summary>
public abstract class ContactExpiryStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string prefix = Guid.NewGuid().ToString("N");

    protected abstract IContactExpiryStore Create();

    [Fact]
    public async Task A_contact_is_due_once_its_time_passed_earliest_first_and_only_while_scheduled()
    {
        var store = Create();
        await store.ScheduleAsync($"{prefix}-late", At.AddMinutes(30));
        await store.ScheduleAsync($"{prefix}-early", At.AddMinutes(10));
        await store.ScheduleAsync($"{prefix}-moved", At.AddMinutes(5));
        await store.ScheduleAsync($"{prefix}-moved", At.AddHours(5));
        await store.ScheduleAsync($"{prefix}-forgotten", At.AddMinutes(1));
        await store.ForgetAsync($"{prefix}-forgotten");

        Assert.Empty(Own(await store.DueAsync(At, 100)));
        Assert.Equal([$"{prefix}-early", $"{prefix}-late"], Own(await store.DueAsync(At.AddHours(1), 100)));
        Assert.Equal([$"{prefix}-early", $"{prefix}-late", $"{prefix}-moved"], Own(await store.DueAsync(At.AddHours(6), 100)));
    }

    private IReadOnlyList<string> Own(IReadOnlyList<string> keys) => keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}

public sealed class PostgresContactExpiryStoreContract(StoreDatabase database) : ContactExpiryStoreContract, IClassFixture<StoreDatabase>
{
    protected override IContactExpiryStore Create() => new PostgresContactExpiryStore(database.Source);
}

public sealed class InMemoryContactExpiryStoreContract : ContactExpiryStoreContract
{
    protected override IContactExpiryStore Create() => new InMemoryContactExpiryStore();
}
