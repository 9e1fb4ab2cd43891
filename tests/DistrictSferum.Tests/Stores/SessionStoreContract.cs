using DistrictSferum.Grains.Identity.Sessions;

namespace DistrictSferum.Tests.Stores;

/// <summary>What every <see cref="ISessionStore"/> does, run against PostgreSQL and memory alike.</summary>
public abstract class SessionStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string user = "user-" + Guid.NewGuid().ToString("N");

    protected abstract ISessionStore Create();

    private SessionRecord Session(string id) => new($"{user}-{id}", user, "phone", "127.0.0.1", "test", At, At, 1, [1, 2, 3]);

    [Fact]
    public async Task A_rotation_succeeds_once_per_generation_and_a_revoked_session_is_gone()
    {
        var store = Create();
        await store.InsertAsync(Session("a"));
        await store.InsertAsync(Session("b"));
        var rotated = Session("a") with { Generation = 2, RefreshHash = [4, 5, 6], LastUsedAt = At.AddHours(1) };

        Assert.True(await store.RotateAsync(rotated, previousGeneration: 1));
        Assert.False(await store.RotateAsync(rotated with { Generation = 3 }, previousGeneration: 1));
        var loaded = (await store.LoadAsync(user)).OrderBy(s => s.SessionId).ToList();
        Assert.Equal([$"{user}-a", $"{user}-b"], loaded.Select(s => s.SessionId));
        Assert.Equal((2, At.AddHours(1)), (loaded[0].Generation, loaded[0].LastUsedAt));
        Assert.Equal([4, 5, 6], loaded[0].RefreshHash);

        await store.RevokeAsync([$"{user}-a"], At.AddHours(2), "signed out");

        Assert.Equal([$"{user}-b"], (await store.LoadAsync(user)).Select(s => s.SessionId));
        Assert.False(await store.RotateAsync(rotated with { Generation = 3 }, previousGeneration: 2));
        Assert.Empty(await store.LoadAsync("user-never-signed-in"));
    }
}

public sealed class PostgresSessionStoreContract(StoreDatabase database) : SessionStoreContract, IClassFixture<StoreDatabase>
{
    protected override ISessionStore Create() => new PostgresSessionStore(database.Source);
}

public sealed class InMemorySessionStoreContract : SessionStoreContract
{
    protected override ISessionStore Create() => new InMemorySessionStore();
}
