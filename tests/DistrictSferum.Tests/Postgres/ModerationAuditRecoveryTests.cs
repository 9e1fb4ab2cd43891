using System.Security.Cryptography;
using DistrictSferum.Contracts;
using Stored = DistrictSferum.Contracts.Moderation;
using DistrictSferum.Grains.Moderation;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// Issue 9 item 5: a moderation action and its audit row cannot diverge (the intent is committed with the action in the
/// chat's state and appended once by its intent id); verification reads the chain in batches outside the audit grain's
/// turn; the chain key is its own secret, rows carry its id, and old keys keep verifying old rows.
/// </summary>
public sealed class ModerationAuditRecoveryTests
{
    private static async Task<long> SayAsync(Session who, string chatId, string text) =>
        (await who.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, ClientKey = Guid.NewGuid().ToString("N"), Body = text })).Seq;

    [Fact]
    public async Task ORG_16_moderation_actions_whose_audit_append_failed_are_audited_exactly_once_after_a_crash()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("modauditcrash");
        SchoolScenario school;
        Chat chat;
        long reminded, deleted, reported;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 2);
            chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            reminded = await SayAsync(school.Students[0], chat.ChatId, "грубость");
            deleted = await SayAsync(school.Students[0], chat.ChatId, "реклама");
            reported = await SayAsync(school.Students[0], chat.ChatId, "спам");

            // The audit table refuses every row: the actions commit, their audit rows cannot be written now; then the
            // server goes away before anything retries them (as if killed between the action and its audit).
            await TestSql.ExecuteAsync(database, """
                CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'injected fault: the audit is down'; END $$;
                CREATE TRIGGER refuse_audit BEFORE INSERT ON moderation_audit FOR EACH ROW EXECUTE FUNCTION refuse_audit();
                """);
            await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = reminded, Clause = 2 });
            await school.Teacher.Moderation.DeleteMessageAsModeratorAsync(new DeleteMessageAsModeratorRequest { ChatId = chat.ChatId, Seq = deleted, Clause = 3 });
            await school.Students[1].Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chat.ChatId, Seq = reported, Reason = "спам" });
            Assert.Equal(0, await TestSql.ScalarAsync(database, "SELECT count(*) FROM moderation_audit WHERE NOT refused"));
        }

        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_audit ON moderation_audit; DROP FUNCTION refuse_audit();");
        await using var second = await ServerHost.StartAsync(database);
        var admin = school.Admin.On(second.Channel);
        // Any access wakes the chat; its state holds the intents, appended right after activation.
        await school.Teacher.On(second.Channel).Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        List<AuditEntry> rows;
        while (true)
        {
            rows = (await admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, ChatId = chat.ChatId, PageSize = 100 })).Entries
                .Where(e => !e.Refused).ToList();
            if (new[] { "remind", "delete_message", "report" }.All(a => rows.Any(r => r.Action == a))) break;
            await Task.Delay(200, deadline.Token);
        }

        // Once each (a second delivery of the same intent is a no-op), with what the action knew, and the chain is whole.
        await Task.Delay(TimeSpan.FromSeconds(1));
        rows = (await admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, ChatId = chat.ChatId, PageSize = 100 })).Entries
            .Where(e => !e.Refused).ToList();
        Assert.Equal(reminded, Assert.Single(rows, r => r.Action == "remind").MessageSeq);
        Assert.Equal("реклама", Assert.Single(rows, r => r.Action == "delete_message").Evidence);
        Assert.Equal(reported, Assert.Single(rows, r => r.Action == "report").MessageSeq);
        Assert.True((await admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId })).Intact);
    }

    [Fact]
    public async Task ORG_16_audit_rows_carry_their_key_id_and_old_keys_verify_old_rows_after_a_rotation()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("modauditkeys");
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        SchoolScenario school;
        Chat chat;
        await using (var first = await ServerHost.StartAsync(database, settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = oldKey }))
        {
            school = await SchoolScenario.CreateAsync(first, students: 1);
            chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = await SayAsync(school.Students[0], chat.ChatId, "раз"), Clause = 1 });
        }

        var rotated = new Dictionary<string, string?> { ["Audit:ChainKey"] = newKey, ["Audit:ChainKeyId"] = "2", ["Audit:PreviousKeys:1"] = oldKey };
        await using (var second = await ServerHost.StartAsync(database, settings: rotated))
        {
            var teacher = school.Teacher.On(second.Channel);
            var admin = school.Admin.On(second.Channel);
            await teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = await SayAsync(school.Students[0].On(second.Channel), chat.ChatId, "два"), Clause = 1 });

            var rows = (await admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, PageSize = 100 })).Entries.OrderBy(e => e.Seq).ToList();
            Assert.Equal(["1", "2"], rows.Select(r => r.KeyId));
            var verified = await admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
            Assert.True(verified.Intact);
            Assert.Equal(2, verified.RowsChecked);
        }

        // Without the old key the old row no longer verifies: the key, not the database, vouches for it.
        await using var third = await ServerHost.StartAsync(database, settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = newKey, ["Audit:ChainKeyId"] = "2" });
        var broken = await school.Admin.On(third.Channel).Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        Assert.False(broken.Intact);
        Assert.Equal(1, broken.FirstBrokenSeq);
    }

    [Fact]
    public async Task The_audit_chain_key_is_its_own_secret_a_server_without_one_or_with_the_jwt_key_does_not_start()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("modauditnokey");
        await Assert.ThrowsAnyAsync<Exception>(() => ServerHost.StartAsync(database, settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = "" }));
        await Assert.ThrowsAnyAsync<Exception>(() => ServerHost.StartAsync(database, settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = ServerHost.SigningKey }));
    }

    [Fact]
    public async Task ORG_16_verification_reads_the_chain_in_batches_while_the_audit_grain_keeps_appending()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("modauditverify");
        var gate = new GatedAuditStore(new PostgresAuditStore(NpgsqlDataSource.Create(database)));
        await using var server = await ServerHost.StartAsync(database, configure: b => b.Services.Replace(ServiceDescriptor.Singleton<IAuditStore>(gate)));
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        for (var i = 0; i < 3; i++)
            await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = await SayAsync(school.Students[0], chat.ChatId, $"№{i}"), Clause = 1 });

        // Verification stops inside its first read of the table; meanwhile the school's moderation goes on.
        gate.Hold();
        var verifying = school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId }).ResponseAsync;
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var remind = school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = await SayAsync(school.Students[0], chat.ChatId, "во время проверки"), Clause = 1 }).ResponseAsync;
        await remind.WaitAsync(TimeSpan.FromSeconds(20));
        gate.Release();
        var verified = await verifying;
        Assert.True(verified.Intact);
        // What was anchored when the verification began; the row appended meanwhile is the next verification's.
        Assert.Equal(3, verified.RowsChecked);
        Assert.True(gate.BatchReads >= 1);
    }

    [Fact]
    public async Task ORG_16_a_reactivated_audit_grain_resumes_from_the_last_chained_row_so_verification_covers_it_and_the_next_row_chains_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("modauditresume");
        var store = new PostgresAuditStore(NpgsqlDataSource.Create(database));
        var keys = new AuditOptions { ChainKey = ServerHost.AuditKey }.Keys();
        SchoolScenario school;
        Chat chat;
        long anchored;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 1);
            chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = await SayAsync(school.Students[0], chat.ChatId, "раз"), Clause = 1 });
            var verified = await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
            Assert.True(verified.Intact);
            anchored = verified.RowsChecked;
        }

        // An append whose row was stored but whose anchor write was lost (the silo died between the two).
        var last = await store.LastAsync(school.SchoolId);
        Assert.Equal(anchored, last!.Seq);
        var lost = AuditChain.Next(keys, school.SchoolId, last.Seq, last.Hash,
            new Stored.AuditRecord(chat.ChatId, "remind", false, school.Teacher.UserId, school.Students[0].UserId, null, 1, "stored, anchor lost", null, null, DateTimeOffset.UnixEpoch.AddYears(56)));
        await store.AppendAsync(lost);

        await using var second = await ServerHost.StartAsync(database);
        var admin = school.Admin.On(second.Channel);
        // The reactivated grain anchors the stored row at once: verification covers it (it stopped before it).
        var resumed = await admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        Assert.True(resumed.Intact);
        Assert.Equal(anchored + 1, resumed.RowsChecked);

        // The next append chains on from it, numbered once after it.
        await school.Teacher.On(second.Channel).Moderation.RemindMemberAsync(new RemindMemberRequest
        {
            ChatId = chat.ChatId,
            Seq = await SayAsync(school.Students[0].On(second.Channel), chat.ChatId, "два"),
            Clause = 2,
        });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        VerifyAuditResponse after;
        do
        {
            await Task.Delay(100, deadline.Token);
            after = await admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        }
        while (after.RowsChecked < anchored + 2);
        Assert.True(after.Intact);
        Assert.Equal(anchored + 2, after.RowsChecked);
        var rows = await store.AfterAsync(school.SchoolId, 0, 100);
        Assert.Equal(Enumerable.Range(1, (int)anchored + 2).Select(i => (long)i), rows.Select(r => r.Seq));
        Assert.Equal(lost.Hash, AuditChain.Resume(keys, anchored, last.Hash, [lost]).Hash);
    }

    [Fact]
    public async Task ORG_16_a_stored_row_after_the_anchor_that_does_not_chain_on_is_reported_by_verification()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("modauditforeign");
        var store = new PostgresAuditStore(NpgsqlDataSource.Create(database));
        var keys = new AuditOptions { ChainKey = ServerHost.AuditKey }.Keys();
        await using var server = await ServerHost.StartAsync(database);
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = await SayAsync(school.Students[0], chat.ChatId, "раз"), Clause = 1 });
        var before = await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        Assert.True(before.Intact);

        // Someone with write access to the table appends a row of their own, hashed with the right key but chained to
        // nothing the school anchored.
        var last = await store.LastAsync(school.SchoolId);
        var foreign = AuditChain.Next(keys, school.SchoolId, last!.Seq, "not the last row's hash",
            new Stored.AuditRecord(chat.ChatId, "remind", false, school.Teacher.UserId, school.Students[0].UserId, null, 1, "written past the grain", null, null, DateTimeOffset.UnixEpoch.AddYears(56)));
        await store.AppendAsync(foreign);

        var after = await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        Assert.False(after.Intact);
        Assert.Equal(foreign.Seq, after.FirstBrokenSeq);
        Assert.Equal(before.RowsChecked, after.RowsChecked);
    }

    /// <summary>A real store whose batch reads can be held at a gate, counting how the chain is read.</summary>
    private sealed class GatedAuditStore(IAuditStore inner) : IAuditStore
    {
        private volatile TaskCompletionSource? held;
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int batchReads;

        public Task Reached => reached.Task;
        public int BatchReads => batchReads;

        public void Hold() => held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => held?.TrySetResult();

        private async Task GateAsync()
        {
            if (held is not { } gate) return;
            reached.TrySetResult();
            await gate.Task;
        }

        public Task<Stored.AuditEntry?> LastAsync(string schoolId, CancellationToken cancellationToken = default) => inner.LastAsync(schoolId, cancellationToken);

        public Task AppendAsync(Stored.AuditEntry entry, CancellationToken cancellationToken = default) => inner.AppendAsync(entry, cancellationToken);

        public Task<Stored.AuditEntry?> AppendOnceAsync(Stored.AuditEntry entry, string intentId, CancellationToken cancellationToken = default) =>
            inner.AppendOnceAsync(entry, intentId, cancellationToken);

        public Task<Page<Stored.AuditEntry>> QueryAsync(string schoolId, Stored.AuditQuery query, PageRequest page, CancellationToken cancellationToken = default) =>
            inner.QueryAsync(schoolId, query, page, cancellationToken);

        public async Task<IReadOnlyList<Stored.AuditEntry>> AfterAsync(string schoolId, long afterSeq, int limit, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref batchReads);
            await GateAsync();
            return await inner.AfterAsync(schoolId, afterSeq, limit, cancellationToken);
        }
    }
}
