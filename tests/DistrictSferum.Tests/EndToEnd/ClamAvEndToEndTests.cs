using DistrictSferum.Contracts.Files;
using DistrictSferum.Grains.Files;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using static DistrictSferum.Tests.Infrastructure.FileUploads;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>A server that scans uploads with a real clamd, fail-closed, with a small quota (CHAT-8).</summary>
public sealed class ClamAvEndToEndTests : IAsyncLifetime
{
    private ServerHost server = null!;
    private string clamd = "";

    public async Task InitializeAsync()
    {
        clamd = await ClamdServer.GetAsync();
        var postgres = await SharedPostgres.GetAsync();
        server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("clamav"), settings: new Dictionary<string, string?>
        {
            ["Files:Scanner"] = "clamd",
            ["Files:ClamdAddress"] = clamd,
            ["Files:SchoolQuotaBytes"] = "1500000",
        });
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task CHAT_8_clamd_refuses_the_EICAR_file_the_refusal_is_audited_and_clean_files_are_marked_clean()
    {
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        var infected = Eicar();
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Students[0], school.SchoolId, "eicar.txt", infected), "FILE_INFECTED", "CHAT-8");
        // Inside a bigger file too, past the first piece.
        var hidden = Pdf(400_000);
        infected.CopyTo(hidden, 300_000);
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => UploadAsync(school.Students[0], school.SchoolId, "реферат.pdf", hidden), "FILE_INFECTED", "CHAT-8");

        var audit = await school.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId });
        var refused = audit.Entries.Where(e => e.Action == "file_infected").ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, e => Assert.Equal(school.Students[0].UserId, e.ActorId));
        Assert.Contains(refused, e => e.Detail.Contains("Sferum.Test.EICAR", StringComparison.Ordinal));

        var clean = await UploadAsync(school.Students[0], school.SchoolId, "реферат.pdf", Pdf(400_000));
        Assert.Equal(FileScanStatus.Clean, clean.ScanStatus);
    }

    [Fact]
    public async Task CHAT_8_the_schools_quota_counts_stored_files()
    {
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        await UploadAsync(school.Teacher, school.SchoolId, "a.pdf", Pdf(900_000));
        var e = await RpcAssert.Fails(StatusCode.ResourceExhausted, () => UploadAsync(school.Teacher, school.SchoolId, "b.pdf", Pdf(700_000)), "QUOTA_EXCEEDED", "CHAT-8");
        // Another school has its own quota.
        var other = await SchoolScenario.CreateAsync(server, students: 1);
        await UploadAsync(other.Teacher, other.SchoolId, "b.pdf", Pdf(700_000));
    }

    [Fact]
    public async Task CHAT_8_an_unreachable_scanner_refuses_uploads_by_default_and_stores_them_unscanned_when_fail_open()
    {
        var dead = $"tcp://127.0.0.1:{FreePort.Next()}";
        var scanner = new ClamAvScanner(Microsoft.Extensions.Options.Options.Create(new FilesOptions { ClamdAddress = dead }), NullLogger<ClamAvScanner>.Instance);
        await using var session = await scanner.StartAsync(CancellationToken.None);
        await session.WriteAsync("hello"u8.ToArray(), CancellationToken.None);
        var verdict = await session.FinishAsync(CancellationToken.None);
        Assert.Equal(ScanOutcome.Unavailable, verdict.Outcome);
        Assert.Equal("SCANNER_UNAVAILABLE", Assert.Throws<DistrictSferum.Contracts.Errors.DomainException>(() => FileRules.Decide(verdict, failOpen: false)).Code);
        Assert.Equal(ScanStatus.NotScanned, FileRules.Decide(verdict, failOpen: true));

        // The real clamd through the adapter: clean and infected.
        var live = new ClamAvScanner(Microsoft.Extensions.Options.Options.Create(new FilesOptions { ClamdAddress = clamd }), NullLogger<ClamAvScanner>.Instance);
        await using (var ok = await live.StartAsync(CancellationToken.None))
        {
            await ok.WriteAsync(Pdf(1000), CancellationToken.None);
            Assert.Equal(ScanOutcome.Clean, (await ok.FinishAsync(CancellationToken.None)).Outcome);
        }

        await using var bad = await live.StartAsync(CancellationToken.None);
        await bad.WriteAsync(Eicar(), CancellationToken.None);
        Assert.Equal(new ScanVerdict(ScanOutcome.Infected, "Sferum.Test.EICAR.UNOFFICIAL"), await bad.FinishAsync(CancellationToken.None));

        // Through a server whose clamd is down: UNAVAILABLE, nothing stored.
        var postgres = await SharedPostgres.GetAsync();
        await using var closed = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("clamdown"), settings: new Dictionary<string, string?>
        {
            ["Files:Scanner"] = "clamd",
            ["Files:ClamdAddress"] = dead,
        });
        var school = await SchoolScenario.CreateAsync(closed, students: 1);
        await RpcAssert.Fails(StatusCode.Unavailable, () => UploadAsync(school.Teacher, school.SchoolId, "a.pdf", Pdf(1000)), "SCANNER_UNAVAILABLE", "CHAT-8");
    }

    private static byte[] Eicar() => ClamdServer.Eicar;
}
