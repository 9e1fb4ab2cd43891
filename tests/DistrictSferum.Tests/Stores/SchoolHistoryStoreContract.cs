using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Tests.Stores;

/// <summary>What every <see cref="ISchoolHistoryStore"/> does, run against PostgreSQL and memory alike.</summary>
public abstract class SchoolHistoryStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string school = "school-" + Guid.NewGuid().ToString("N");

    protected abstract ISchoolHistoryStore Create();

    private Movement Moved(int i) =>
        new(school, MovementKind.StudentMoved, $"u{i}", "class-a", "class-b", "admin", At.AddMinutes(i), [$"p{i}"], $"{school}-m{i}");

    [Fact]
    public async Task ORG_8_movements_list_newest_first_in_pages()
    {
        var store = Create();
        await store.AppendAsync([Moved(1), Moved(2)]);
        await store.AppendAsync([Moved(3)]);

        var first = await store.ListAsync(school, PageRequest.First(2));
        var second = await store.ListAsync(school, new PageRequest(first.NextCursor, 2));

        Assert.Equal(["u3", "u2"], first.Items.Select(m => m.UserId));
        Assert.Equal(["u1"], second.Items.Select(m => m.UserId));
        Assert.Null(second.NextCursor);
        var read = first.Items[0];
        Assert.Equal((MovementKind.StudentMoved, "class-a", "class-b", "admin", At.AddMinutes(3)), (read.Kind, read.FromClassId, read.ToClassId, read.ActorId, read.At));
        Assert.Equal(["p3"], read.ParentIds);
        Assert.Empty((await store.ListAsync("another-school", PageRequest.First())).Items);
    }

    [Fact]
    public async Task A_retried_flush_stores_each_movement_once()
    {
        var store = Create();
        await store.AppendAsync([Moved(1), Moved(2)]);
        await store.AppendAsync([Moved(2), Moved(3)]);

        Assert.Equal(["u3", "u2", "u1"], (await store.ListAsync(school, PageRequest.First())).Items.Select(m => m.UserId));
    }
}

public sealed class PostgresSchoolHistoryStoreContract(StoreDatabase database) : SchoolHistoryStoreContract, IClassFixture<StoreDatabase>
{
    protected override ISchoolHistoryStore Create() => new PostgresSchoolHistoryStore(database.Source);
}

public sealed class InMemorySchoolHistoryStoreContract : SchoolHistoryStoreContract
{
    protected override ISchoolHistoryStore Create() => new InMemorySchoolHistoryStore();
}
