using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>A moderator's day through gRPC, and the director's view of it.</summary>
public sealed class ModerationEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private async Task<(SchoolScenario School, Chat Chat)> ChatAsync()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 3);
        return (school, await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students));
    }

    private static async Task<long> SayAsync(Session who, string chatId, string text) =>
        (await who.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, ClientKey = Guid.NewGuid().ToString("N"), Body = text })).Seq;

    /// <summary>Four messages of the member, each reminded of clause 2: four recorded violations.</summary>
    private static async Task<List<string>> ViolationsAsync(SchoolScenario school, Session member, string chatId, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var seq = await SayAsync(member, chatId, $"грубость {Guid.NewGuid():N}");
            ids.Add((await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chatId, Seq = seq, Clause = 2 })).Violation.ViolationId);
        }

        return ids;
    }

    [Fact]
    public async Task ETH_5_ETH_6_ETH_8_a_block_needs_more_than_three_reminded_violations_and_lasts_at_most_a_month()
    {
        var (school, chat) = await ChatAsync();
        var member = school.Students[0];
        var ids = await ViolationsAsync(school, member, chat.ChatId, 4);
        var until = Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddDays(7));
        BlockMemberRequest Block(IEnumerable<string> cited, Timestamp end) => new() { ChatId = chat.ChatId, UserId = member.UserId, ViolationIds = { cited }, Until = end };

        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Moderation.BlockMemberAsync(Block(ids.Take(3), until)), "NOT_ENOUGH_VIOLATIONS", "ETH-6");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => school.Teacher.Moderation.BlockMemberAsync(Block([], until)), "VIOLATIONS_REQUIRED", "ETH-8");
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => school.Teacher.Moderation.BlockMemberAsync(Block(ids, Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddMonths(1).AddHours(1)))), "BLOCK_TOO_LONG", "ETH-6");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[1].Moderation.BlockMemberAsync(Block(ids, until)), "NOT_MODERATOR", "ETH-6");
        await member.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "still-free", Body = "ещё могу писать" });

        var block = await school.Teacher.Moderation.BlockMemberAsync(Block(ids, until));

        Assert.Equal(ids, block.Block.ViolationIds);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => SayAsync(member, chat.ChatId, "а теперь?"), "MEMBER_BLOCKED", "ETH-6");
        var history = await member.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.NotEmpty(history.Messages);

        // Due process: the member sees the rule, the evidence, the duration and who decided (ETH-5).
        var mine = (await member.Moderation.GetMySanctionsAsync(new GetMySanctionsRequest { ChatId = chat.ChatId })).Sanctions;
        Assert.Equal(4, mine.Violations.Count);
        Assert.All(mine.Violations, v => Assert.Equal(("Только по делу.", school.Teacher.UserId, block.Block.BlockId), (v.ClauseText, v.ModeratorId, v.CitedByBlockId)));
        Assert.All(mine.Violations, v => Assert.StartsWith("грубость", mine.Evidence[v.MessageSeq]));
        Assert.Equal((until, school.Teacher.UserId), (mine.ActiveBlock.Until, mine.ActiveBlock.ModeratorId));

        // The block ends by itself at its end time, with an event, and a cited violation is never cited again.
        Server.Clock.Advance(TimeSpan.FromDays(7));
        await SayAsync(member, chat.ChatId, "я вернулся");
        var events = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Contains(events.Messages, m => m.Body == "я вернулся");
        // The history tells what happened between the messages: four reminders, the block, its end, then the return.
        var returned = events.Messages.Single(m => m.Body == "я вернулся").Seq;
        Assert.Equal(
            [.. Enumerable.Repeat(ChatEventKind.ViolationRecorded, 4), ChatEventKind.MemberBlocked, ChatEventKind.BlockEnded],
            events.Events.Where(e => e.SubjectUserId == member.UserId && e.Seq < returned).OrderBy(e => e.Seq).Select(e => e.Kind)
                .Where(k => k is ChatEventKind.ViolationRecorded or ChatEventKind.MemberBlocked or ChatEventKind.BlockEnded));
        // A page of one message still carries the events of its span only: those after the message before it.
        var last = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId, Limit = 1 });
        Assert.Equal([returned], last.Messages.Select(m => m.Seq));
        Assert.All(last.Events, e => Assert.True(e.Seq > returned, $"event #{e.Seq} is older than the page's only message #{returned}"));
        var again = (await ViolationsAsync(school, member, chat.ChatId, 1)).Concat(ids.Take(3));
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => school.Teacher.Moderation.BlockMemberAsync(Block(again, Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddDays(1)))), "VIOLATION_NOT_CITABLE", "ETH-6");
    }

    [Fact]
    public async Task ETH_7_an_early_unblock_needs_an_apology_and_a_window_without_objection()
    {
        var (school, chat) = await ChatAsync();
        var member = school.Students[0];
        var until = Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddDays(20));
        await school.Teacher.Moderation.BlockMemberAsync(new BlockMemberRequest
        {
            ChatId = chat.ChatId,
            UserId = member.UserId,
            ViolationIds = { await ViolationsAsync(school, member, chat.ChatId, 4) },
            Until = until,
        });
        var target = new UnblockEarlyRequest { ChatId = chat.ChatId, UserId = member.UserId };

        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Moderation.UnblockEarlyAsync(target), "NO_APOLOGY", "ETH-7");
        var apology = await member.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "sorry", Body = "Простите, больше не повторится.", Apology = true });
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => member.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "sorry-2", Body = "Ещё раз простите", Apology = true }), "APOLOGY_ALREADY_POSTED", "ETH-7");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Moderation.UnblockEarlyAsync(target), "OBJECTION_WINDOW_OPEN", "ETH-7");

        // The apology members may object to is in their history, after the block, not only on the live stream.
        var classmate = school.Students[1];
        var history = await classmate.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        var told = history.Events.OrderBy(e => e.Seq).Select(e => e.Kind).Where(k => k is ChatEventKind.MemberBlocked or ChatEventKind.Apology).ToList();
        Assert.Equal([ChatEventKind.MemberBlocked, ChatEventKind.Apology], told);
        var apologyEvent = history.Events.Single(e => e.Kind == ChatEventKind.Apology);
        Assert.Equal((apology.Seq, member.UserId, "Простите, больше не повторится."), (apologyEvent.Seq, apologyEvent.ActorId, apologyEvent.Body));
        Assert.DoesNotContain(history.Messages, m => m.Seq == apology.Seq);

        Server.Clock.Advance(TimeSpan.FromHours(24));
        var recorder = StreamRecorder.Open(school.Teacher, (chat.ChatId, apology.Seq));
        await recorder.UntilAsync(r => r.CaughtUp(chat.ChatId));
        await school.Teacher.Moderation.GetMemberSanctionsAsync(new GetMemberSanctionsRequest { ChatId = target.ChatId, UserId = target.UserId });
        await recorder.UntilAsync(r => r.EventsOf(chat.ChatId).Any(e => e.Kind == ChatEventKind.EarlyUnblockPossible && e.SubjectUserId == member.UserId));
        await recorder.DisposeAsync();
        var unblocked = (await school.Teacher.Moderation.UnblockEarlyAsync(target)).Block;
        Assert.Equal(school.Teacher.UserId, unblocked.EndedBy);
        await SayAsync(member, chat.ChatId, "спасибо");
    }

    [Fact]
    public async Task ETH_7_one_objection_keeps_the_block_to_its_end()
    {
        var (school, chat) = await ChatAsync();
        var member = school.Students[0];
        await school.Teacher.Moderation.BlockMemberAsync(new BlockMemberRequest
        {
            ChatId = chat.ChatId,
            UserId = member.UserId,
            ViolationIds = { await ViolationsAsync(school, member, chat.ChatId, 4) },
            Until = Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddDays(20)),
        });
        await member.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "sorry", Body = "Извините.", Apology = true });
        var target = new UnblockEarlyRequest { ChatId = chat.ChatId, UserId = member.UserId };

        var objected = (await school.Students[1].Moderation.ObjectToUnblockAsync(new ObjectToUnblockRequest { ChatId = target.ChatId, UserId = target.UserId })).Block;
        Server.Clock.Advance(TimeSpan.FromHours(25));

        Assert.Equal([school.Students[1].UserId], objected.ObjectorIds);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Moderation.UnblockEarlyAsync(target), "OBJECTED", "ETH-7");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => SayAsync(member, chat.ChatId, "ну пожалуйста"), "MEMBER_BLOCKED");
    }

    [Fact]
    public async Task ETH_2_ORG_16_a_moderator_deletes_citing_a_clause_the_text_stays_as_evidence_for_supervisors_only()
    {
        var (school, chat) = await ChatAsync();
        var author = school.Students[0];
        var seq = await SayAsync(author, chat.ChatId, "обидные слова");
        var report = (await school.Students[1].Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chat.ChatId, Seq = seq, Reason = "Оскорбление" })).Report;
        var queue = await school.Teacher.Moderation.ListReportsAsync(new ListReportsRequest { ChatId = chat.ChatId });
        Assert.Equal(report.ReportId, Assert.Single(queue.Reports).ReportId);

        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => school.Students[1].Moderation.DeleteMessageAsModeratorAsync(new DeleteMessageAsModeratorRequest { ChatId = chat.ChatId, Seq = seq, Clause = 2 }), "NOT_MODERATOR", "ETH-2");
        await school.Teacher.Moderation.DeleteMessageAsModeratorAsync(new DeleteMessageAsModeratorRequest { ChatId = chat.ChatId, Seq = seq, Clause = 2 });
        await school.Teacher.Moderation.ResolveReportAsync(new ResolveReportRequest { ChatId = chat.ChatId, ReportId = report.ReportId });

        var seen = (await author.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages.Single(m => m.Seq == seq);
        Assert.Equal(("", school.Teacher.UserId), (seen.Body, seen.DeletedBy));
        var audit = await school.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, ChatId = chat.ChatId });
        var deletion = Assert.Single(audit.Entries, e => e.Action == "delete_message" && !e.Refused);
        Assert.Equal(("обидные слова", author.UserId, 2), (deletion.Evidence, deletion.SubjectUserId, deletion.Clause));
        Assert.Contains(audit.Entries, e => e.Action == "delete_message" && e.Refused && e.ActorId == school.Students[1].UserId && e.ErrorCode == "NOT_MODERATOR");
        var byModerator = await school.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, ModeratorId = school.Teacher.UserId });
        Assert.All(byModerator.Entries, e => Assert.Equal(school.Teacher.UserId, e.ActorId));
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => school.Teacher.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId }), "NOT_SUPERVISOR", "ORG-16");
        var other = await SchoolScenario.CreateAsync(Server, students: 0);
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId }));
        await RpcAssert.Fails(StatusCode.NotFound,
            () => other.Admin.Moderation.DeleteMessageAsModeratorAsync(new DeleteMessageAsModeratorRequest { ChatId = chat.ChatId, Seq = seq, Clause = 1 }), "CHAT_NOT_FOUND", "DIS-1");

        // ORG-16: the director sees which chats exist and who moderates them.
        var chats = await school.Admin.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId });
        Assert.Equal([school.Teacher.UserId], chats.Chats.Single(c => c.ChatId == chat.ChatId).ModeratorIds);
    }

    [Fact]
    public async Task ORG_16_the_audit_chain_verifies_and_detects_a_row_altered_in_PostgreSQL()
    {
        var (school, chat) = await ChatAsync();
        var watch = school.Admin.Moderation.WatchModeration(new WatchModerationRequest { SchoolId = school.SchoolId });
        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var seq = await SayAsync(school.Students[0], chat.ChatId, $"нарушение {i}");
            await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = 1 });
            seqs.Add(seq);
        }

        var live = new List<AuditEntry>();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (live.Count < 3 && await watch.ResponseStream.MoveNext(deadline.Token)) live.Add(watch.ResponseStream.Current.Entry);
        }

        watch.Dispose();
        Assert.Equal(seqs, live.Select(e => e.MessageSeq));
        var intact = await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        Assert.True(intact.Intact);
        Assert.Equal(3, intact.RowsChecked);

        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE moderation_audit SET detail = 'ничего не было' WHERE school_id = @school AND seq = 2", connection);
            tamper.Parameters.AddWithValue("school", school.SchoolId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var broken = await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        Assert.False(broken.Intact);
        Assert.Equal(2, broken.FirstBrokenSeq);
    }

    [Fact]
    public async Task ORG_16_rows_cut_off_the_end_of_the_audit_log_are_detected()
    {
        var (school, chat) = await ChatAsync();
        for (var i = 0; i < 3; i++)
        {
            var seq = await SayAsync(school.Students[0], chat.ChatId, $"нарушение {i}");
            await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = 1 });
        }

        Assert.True((await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId })).Intact);
        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cut = new NpgsqlCommand("DELETE FROM moderation_audit WHERE school_id = @school AND seq = 3", connection);
            cut.Parameters.AddWithValue("school", school.SchoolId);
            Assert.Equal(1, await cut.ExecuteNonQueryAsync());
        }

        var broken = await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId });
        Assert.False(broken.Intact);
        Assert.Equal(3, broken.FirstBrokenSeq);
    }

    [Fact]
    public async Task ETH_6_ETH_2_a_full_violation_record_and_full_open_reports_are_failed_precondition_without_a_retry_hint()
    {
        // Waiting never lifts these caps (a block citing the violations, a moderator resolving a report does): a client
        // told RESOURCE_EXHAUSTED with "retry in 0" would retry for ever.
        var (school, chat) = await ChatAsync();
        var member = school.Students[0];
        var reporter = school.Students[1];
        var seqs = new List<long>();
        for (var i = 0; i < 17; i++) seqs.Add(await SayAsync(member, chat.ChatId, $"грубость {i}"));
        for (var i = 0; i < 4; i++) seqs.Add(await SayAsync(school.Teacher, chat.ChatId, $"объявление {i}"));
        var recorded = 0;
        foreach (var seq in seqs.Take(17))
        {
            foreach (var clause in new[] { 1, 2, 3 })
            {
                if (++recorded > 50) break;
                await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = clause });
            }
        }

        var full = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seqs[16], Clause = 3 }), "TOO_MANY_VIOLATIONS", "ETH-6");
        Assert.Null(full.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>());
        var sanctions = await school.Teacher.Moderation.GetMemberSanctionsAsync(new GetMemberSanctionsRequest { ChatId = chat.ChatId, UserId = member.UserId });
        Assert.Equal(50, sanctions.Sanctions.Violations.Count);

        foreach (var seq in seqs.Take(20))
            await reporter.Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chat.ChatId, Seq = seq, Reason = "проверка" });
        Server.Clock.Advance(TimeSpan.FromSeconds(3)); // past the member's burst of 20 (reports take a send token)
        var tooMany = await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => reporter.Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chat.ChatId, Seq = seqs[20], Reason = "проверка" }), "TOO_MANY_OPEN_REPORTS", "ETH-2");
        Assert.Null(tooMany.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>());
        Assert.Equal(20, (await school.Teacher.Moderation.ListReportsAsync(new ListReportsRequest { ChatId = chat.ChatId })).Reports.Count);
    }
}
