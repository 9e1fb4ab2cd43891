using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Schools;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace DistrictSferum.Tests.Stores;

/// <summary>What every <see cref="ISchoolStore"/> does with a class's rows, run against PostgreSQL and memory alike.</summary>
public abstract class SchoolStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string school = "school-" + Guid.NewGuid().ToString("N");

    protected abstract ISchoolStore Create();

    protected static Serializer NewSerializer() =>
        new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(InviteRecord).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

    private static InviteRecord Link(string id, string classId, string? studentId = null) => new()
    {
        InviteId = id,
        TokenHash = "hash-" + id,
        ClassId = classId,
        Role = studentId is null ? JoinRole.Student : JoinRole.Parent,
        CreatedBy = "admin",
        CreatedAt = At,
        ExpiresAt = At.AddDays(7),
        MaxUses = 30,
        StudentId = studentId,
    };

    private static JoinRequestRecord Request(string id, string classId, string userId, bool accepted = false) => new()
    {
        RequestId = id,
        UserId = userId,
        DisplayName = "Анна",
        ClassId = classId,
        Role = JoinRole.Student,
        InviteId = "link-1",
        CreatedAt = At,
        Accepted = accepted,
    };

    private static ClassWrite Write(InviteRecord[]? invites = null, JoinRequestRecord[]? requests = null, string[]? removed = null) =>
        new(invites ?? [], requests ?? [], removed ?? [], [], []);

    [Fact]
    public async Task ORG_5_a_class_saves_its_links_and_requests_and_reads_back_only_its_own()
    {
        var store = Create();
        Assert.Null(await store.LoadAsync(school));
        var empty = await store.LoadClassAsync(school, "5a");
        Assert.Equal((0L, 0, 0), (empty.Version, empty.Invites.Count, empty.Requests.Count));

        var version = await store.SaveClassAsync(school, "5a", 0, Write([Link("link-1", "5a")], [Request("r1", "5a", "u1")]));
        await store.SaveClassAsync(school, "5b", 0, Write([Link("link-2", "5b", studentId: "u2")], [Request("r2", "5b", "u3", accepted: true)]));

        var loaded = await store.LoadClassAsync(school, "5a");
        Assert.Equal(version, loaded.Version);
        var link = Assert.Single(loaded.Invites);
        Assert.Equal(("link-1", "hash-link-1", JoinRole.Student, At.AddDays(7), 30), (link.InviteId, link.TokenHash, link.Role, link.ExpiresAt, link.MaxUses));
        Assert.Equal("u1", Assert.Single(loaded.Requests).UserId);
        Assert.True(Assert.Single((await store.LoadClassAsync(school, "5b")).Requests).Accepted);

        Assert.Equal(["link-1", "link-2"], (await store.ListInvitesAsync(school)).Select(i => i.InviteId).Order());
        Assert.Equal(["r1", "r2"], (await store.ListRequestsAsync(school)).Select(r => r.RequestId).Order());
        Assert.Equal("5b", (await store.FindInviteAsync(school, "link-2"))?.ClassId);
        Assert.Null(await store.FindInviteAsync(school, "link-9"));
        Assert.Equal("u3", (await store.FindRequestAsync(school, "r2"))?.UserId);
        Assert.Empty(await store.ListInvitesAsync("another-" + school));
    }

    [Fact]
    public async Task ORG_5_a_save_updates_and_removes_rows_and_a_stale_version_changes_nothing()
    {
        var store = Create();
        var first = await store.SaveClassAsync(school, "5a", 0, Write([Link("link-1", "5a")], [Request("r1", "5a", "u1"), Request("r2", "5a", "u2")]));
        var used = Link("link-1", "5a");
        used.Uses = 2;
        var second = await store.SaveClassAsync(school, "5a", first, Write([used], removed: ["r1"]));
        Assert.Equal(first + 1, second);

        // Another activation still at the first version: refused, and nothing of its write is stored.
        var stale = Link("link-1", "5a");
        stale.Revoked = true;
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.SaveClassAsync(school, "5a", first, Write([stale], removed: ["r2"])));

        var loaded = await store.LoadClassAsync(school, "5a");
        Assert.Equal(second, loaded.Version);
        Assert.Equal((2, false), (Assert.Single(loaded.Invites).Uses, loaded.Invites[0].Revoked));
        Assert.Equal("r2", Assert.Single(loaded.Requests).RequestId);
        Assert.Null(await store.FindRequestAsync(school, "r1"));
    }

    [Fact]
    public async Task ETH_9_the_classes_concerning_a_person_are_those_with_a_link_for_them_or_a_request_by_or_for_them()
    {
        var store = Create();
        await store.SaveClassAsync(school, "5a", 0, Write([Link("link-1", "5a", studentId: "child")]));
        var parentRequest = Request("r1", "6b", "parent");
        parentRequest.StudentId = "child";
        await store.SaveClassAsync(school, "6b", 0, Write(requests: [parentRequest]));
        await store.SaveClassAsync(school, "7c", 0, Write(requests: [Request("r2", "7c", "child")]));
        await store.SaveClassAsync(school, "8d", 0, Write(requests: [Request("r3", "8d", "someone-else")]));

        Assert.Equal(["5a", "6b", "7c"], (await store.ClassesConcerningAsync(school, "child")).Order());
        Assert.Equal(["6b"], await store.ClassesConcerningAsync(school, "parent"));
        Assert.Empty(await store.ClassesConcerningAsync(school, "nobody"));
    }
}

public sealed class PostgresSchoolStoreContract(StoreDatabase database) : SchoolStoreContract, IClassFixture<StoreDatabase>
{
    protected override ISchoolStore Create() => new PostgresSchoolStore(database.Source, NewSerializer());
}

public sealed class InMemorySchoolStoreContract : SchoolStoreContract
{
    protected override ISchoolStore Create() =>
        new InMemorySchoolStore(NewSerializer(), new InMemorySchoolHistoryStore(), new InMemoryUsageRecorder());
}
