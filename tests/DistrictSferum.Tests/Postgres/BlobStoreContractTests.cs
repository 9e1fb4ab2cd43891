using System.Security.Cryptography;
using DistrictSferum.Grains.Files;
using DistrictSferum.Tests.Infrastructure;
using DistrictSferum.Contracts.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

/// <summary>One contract for every blob store (CHAT-8): content-addressed per school, deduplicated, ranges, nothing left by an abandoned write.</summary>
public abstract class BlobStoreContractTests(ServerFixture fixture)
{
    protected static readonly IOptions<FilesOptions> Options = Microsoft.Extensions.Options.Options.Create(new FilesOptions { ChunkBytes = 64 * 1024 });

    protected ServerFixture Fixture => fixture;

    protected abstract Task<IBlobStore> StoreAsync();

    private static async Task<(string Sha, bool Stored)> PutAsync(IBlobStore store, string school, byte[] bytes, int writeSize)
    {
        await using var writer = await store.CreateAsync(school, CancellationToken.None);
        for (var at = 0; at < bytes.Length; at += writeSize)
            await writer.WriteAsync(bytes.AsMemory(at, Math.Min(writeSize, bytes.Length - at)), CancellationToken.None);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return (sha, await writer.CommitAsync(sha, CancellationToken.None));
    }

    private static async Task<byte[]> GetAsync(IBlobStore store, string school, string sha, long offset = 0, long? length = null)
    {
        var all = new MemoryStream();
        await foreach (var piece in store.ReadAsync(school, sha, offset, length, CancellationToken.None))
        {
            Assert.True(piece.Length <= Options.Value.ChunkBytes, "pieces stay bounded");
            all.Write(piece.Span);
        }

        return all.ToArray();
    }

    [Fact]
    public async Task CHAT_8_written_in_any_pieces_read_whole_and_by_range()
    {
        var store = await StoreAsync();
        var school = "s" + Guid.NewGuid().ToString("N");
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var (sha, stored) = await PutAsync(store, school, bytes, 7_777);
        Assert.True(stored);
        Assert.Equal(bytes, await GetAsync(store, school, sha));
        Assert.Equal(bytes[65_530..131_080], await GetAsync(store, school, sha, 65_530, 65_550));
        Assert.Equal(bytes[199_999..], await GetAsync(store, school, sha, 199_999));
        Assert.Empty(await GetAsync(store, school, sha, 200_000));
    }

    [Fact]
    public async Task CHAT_8_the_same_bytes_are_stored_once_per_school_separately_per_school_and_removed_with_their_last_reference()
    {
        var store = await StoreAsync();
        var (a, b) = ("s" + Guid.NewGuid().ToString("N"), "s" + Guid.NewGuid().ToString("N"));
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        Assert.True((await PutAsync(store, a, bytes, 70_000)).Stored);
        Assert.False((await PutAsync(store, a, bytes, 1_000)).Stored);
        var (sha, storedInB) = await PutAsync(store, b, bytes, 4096);
        Assert.True(storedInB);
        // Two uploads in school a hold two references: the bytes go with the second release only.
        Assert.False(await store.ReleaseAsync(a, sha, CancellationToken.None));
        Assert.Equal(bytes, await GetAsync(store, a, sha));
        Assert.True(await store.ReleaseAsync(a, sha, CancellationToken.None));
        Assert.False(await store.ExistsAsync(a, sha, CancellationToken.None));
        Assert.True((await PutAsync(store, a, bytes, 9_000)).Stored);
        Assert.Equal(bytes, await GetAsync(store, b, sha));
    }

    [Fact]
    public async Task CHAT_8_a_write_never_committed_leaves_nothing_readable()
    {
        var store = await StoreAsync();
        var school = "s" + Guid.NewGuid().ToString("N");
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await using (var writer = await store.CreateAsync(school, CancellationToken.None))
            await writer.WriteAsync(bytes, CancellationToken.None);
        Assert.False(await store.ExistsAsync(school, sha, CancellationToken.None));
    }

    [Fact]
    public async Task CHAT_8_concurrent_reuses_and_releases_of_the_same_bytes_keep_an_exact_reference_count()
    {
        var store = await StoreAsync();
        var school = "s" + Guid.NewGuid().ToString("N");
        var bytes = RandomNumberGenerator.GetBytes(20_000);
        var sha = "";
        for (var i = 0; i < 11; i++) sha = (await PutAsync(store, school, bytes, 20_000)).Sha;

        // Ten more uploads of the bytes and ten releases at once: the count never reaches zero on the way.
        var racing = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            if (i % 2 == 0) Assert.False((await PutAsync(store, school, bytes, 7_000)).Stored);
            else Assert.False(await store.ReleaseAsync(school, sha, CancellationToken.None));
        }));
        await Task.WhenAll(racing);

        // Exactly eleven references are left: ten releases keep the bytes, the eleventh removes them.
        for (var i = 0; i < 10; i++) Assert.False(await store.ReleaseAsync(school, sha, CancellationToken.None));
        Assert.Equal(bytes, await GetAsync(store, school, sha));
        Assert.True(await store.ReleaseAsync(school, sha, CancellationToken.None));
        Assert.False(await store.ExistsAsync(school, sha, CancellationToken.None));
    }

    [Fact]
    public async Task CHAT_8_a_purge_never_removes_bytes_that_an_upload_of_the_same_content_reused_meanwhile()
    {
        var store = await StoreAsync();
        var catalog = new FileCatalog(NpgsqlDataSource.Create(fixture.Server.ConnectionString));
        // A clock long past: this purge sees only this test's file, never other tests' files in the shared database.
        var clock = new FakeTimeProvider(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var school = "s" + Guid.NewGuid().ToString("N");
        var bytes = RandomNumberGenerator.GetBytes(90_000);
        FileView Row(string id) => new(id, school, "u1", "sheet.pdf", "application/pdf", bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ScanStatus.Clean, clock.GetUtcNow(), null, null, null, null, false, null, null, false);

        // File A: uploaded, attached, deleted by its author, retention over.
        var (sha, stored) = await PutAsync(store, school, bytes, 30_000);
        Assert.True(stored);
        var a = Row("a" + Guid.NewGuid().ToString("N"));
        await catalog.InsertAsync(a, null);
        await catalog.AttachAsync([a.FileId], a.UploaderId, "chat-" + school, 1);
        await catalog.MarkDeletedAsync("chat-" + school, 1, a.UploaderId, evidence: false, clock.GetUtcNow().AddDays(-31), clock.GetUtcNow().AddDays(-1));

        // File B: the same bytes uploaded again, landing at the worst moment: after the purge has marked A purged and
        // just before it asks the store to let A's bytes go.
        var b = Row("b" + Guid.NewGuid().ToString("N"));
        var racing = new ReuseDuringPurge(store, async () =>
        {
            Assert.False((await PutAsync(store, school, bytes, 45_000)).Stored);
            await catalog.InsertAsync(b, null);
        });
        var services = fixture.Server.Services;
        var purger = new FilePurger(catalog, racing, services.GetRequiredService<StagedUploads>(), services.GetRequiredService<IGrainFactory>(), Options, clock,
            NullLogger<FilePurger>.Instance);
        Assert.Equal(1, await purger.PurgeAsync(CancellationToken.None));
        Assert.True(racing.Raced);
        Assert.Null(await catalog.GetAsync(a.FileId));
        Assert.NotNull(await catalog.GetAsync(b.FileId));
        Assert.Equal(bytes, await GetAsync(store, school, sha));
    }

    /// <summary>A store that runs an upload of the same content right before the purge's request to drop bytes reaches the real store.</summary>
    private sealed class ReuseDuringPurge(IBlobStore inner, Func<Task> reuse) : IBlobStore
    {
        public bool Raced { get; private set; }

        public Task<IBlobWriter> CreateAsync(string schoolId, CancellationToken cancellationToken) => inner.CreateAsync(schoolId, cancellationToken);

        public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string schoolId, string sha256, long offset, long? length, CancellationToken cancellationToken) =>
            inner.ReadAsync(schoolId, sha256, offset, length, cancellationToken);

        public Task<bool> ExistsAsync(string schoolId, string sha256, CancellationToken cancellationToken) => inner.ExistsAsync(schoolId, sha256, cancellationToken);

        public async Task<bool> ReleaseAsync(string schoolId, string sha256, CancellationToken cancellationToken)
        {
            await reuse();
            Raced = true;
            return await inner.ReleaseAsync(schoolId, sha256, cancellationToken);
        }

        public Task<int> PurgeAbandonedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken) => inner.PurgeAbandonedAsync(startedBefore, cancellationToken);
    }
}

public sealed class PostgresBlobStoreTests(ServerFixture fixture) : BlobStoreContractTests(fixture), IClassFixture<ServerFixture>
{
    protected override Task<IBlobStore> StoreAsync() =>
        Task.FromResult<IBlobStore>(new PostgresBlobStore(NpgsqlDataSource.Create(Fixture.Server.ConnectionString), Options, new FakeTimeProvider(DateTimeOffset.UtcNow)));

    [Fact]
    public async Task CHAT_8_an_abandoned_upload_is_purged_with_its_pieces()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var database = NpgsqlDataSource.Create(Fixture.Server.ConnectionString);
        var store = new PostgresBlobStore(database, Options, clock);
        var writer = await store.CreateAsync("abandoned", CancellationToken.None);
        await writer.WriteAsync(RandomNumberGenerator.GetBytes(150_000), CancellationToken.None);
        // The process died here: no commit, no dispose.
        clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await store.PurgeAbandonedAsync(clock.GetUtcNow().AddDays(-1), CancellationToken.None) >= 1);
        await using var command = database.CreateCommand("SELECT count(*) FROM file_blob_staging WHERE school_id = 'abandoned'");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}

public sealed class FileSystemBlobStoreTests(ServerFixture fixture) : BlobStoreContractTests(fixture), IClassFixture<ServerFixture>, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("sferum-blobs-").FullName;

    protected override Task<IBlobStore> StoreAsync() =>
        Task.FromResult<IBlobStore>(new FileSystemBlobStore(Microsoft.Extensions.Options.Options.Create(new FilesOptions { ChunkBytes = Options.Value.ChunkBytes, FileSystemRoot = root })));

    public void Dispose() => Directory.Delete(root, recursive: true);
}
