using System.Text.Json;
using System.Text.RegularExpressions;
using DistrictSferum.Cli;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Npgsql;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// A moderator's and a director's day with sferumctl, in-process against a real server on a real PostgreSQL database.
/// The school, its verified class teacher, students and their class chat are built through gRPC
/// (<see cref="SchoolScenario"/>); the teacher, students and the school's administrator then sign in with sferumctl, each
/// with their own config file, and moderate, get sanctioned, apologise, object and audit through sferumctl.
/// </summary>
/// <remarks>
/// The server allows 5 codes an hour per contact on its fake clock: the scenario signs each person in once, and
/// sferumctl once more. One test advances the server's clock by a day (ETH-7's objection window); the others give
/// block lengths that hold either way.
/// </remarks>
public sealed partial class CliModerationTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-mod-")
{
    private const string Clause1 = "Уважайте друг друга.";
    private const string Clause2 = "Только по делу.";

    [Fact]
    public async Task ETH_5_ETH_6_ETH_7_ORG_16_reminders_record_violations_a_block_needs_four_the_member_sees_why_and_the_director_audits_it_all()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chatId = (await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students)).ChatId;
        var teacherId = school.Teacher.UserId;
        var studentId = school.Students[0].UserId;
        var classmateId = school.Students[1].UserId;
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);
        var classmate = await Cli.SignInAsync(school, "classmate", school.Students[1]);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);

        // ETH-5: the student writes four messages; the teacher reminds them of clause 2 about each, recording four violations.
        var seqs = new List<long>();
        for (var i = 0; i < 4; i++) seqs.Add(SentSeq((await student.RunAsync("chat", "send", chatId, $"грубость {i}")).Ok()));
        var reminded = (await teacher.RunAsync("mod", "remind", chatId, seqs[0].ToString(), "--clause", "2")).Ok();
        Assert.Contains($"Reminded {studentId} of clause 2 \"{Clause2}\" about #{seqs[0]}.", reminded.Out, StringComparison.Ordinal);
        Assert.Contains($"sferumctl mod my {chatId}", reminded.Out, StringComparison.Ordinal);
        var ids = new List<string> { ViolationLine().Match(reminded.Out).Groups[1].Value };
        foreach (var seq in seqs.Skip(1))
        {
            var violation = Json((await teacher.RunAsync("--json", "mod", "remind", chatId, seq.ToString(), "--clause", "2")).Ok().Out);
            Assert.Equal((studentId, Clause2, seq), (violation.GetProperty("memberId").GetString(), violation.GetProperty("clauseText").GetString(),
                Long(violation.GetProperty("messageSeq"))));
            ids.Add(violation.GetProperty("violationId").GetString()!);
        }

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]+$", id));
        var again = (await teacher.RunAsync("mod", "remind", chatId, seqs[0].ToString(), "--clause", "2")).Expect(ExitCodes.Conflict);
        Assert.Contains("ALREADY_REMINDED", again.Error, StringComparison.Ordinal);
        Assert.Contains("rule ETH-5", again.Error, StringComparison.Ordinal);

        // The teacher sees the four with their evidence; the record is the moderators' (a student is refused).
        var violations = (await teacher.RunAsync("mod", "violations", chatId, studentId, "--ids")).Ok();
        for (var i = 0; i < 4; i++)
        {
            var row = Assert.Single(violations.Out.Split('\n'), l => l.Contains(ids[i], StringComparison.Ordinal) && !l.Contains("--violation", StringComparison.Ordinal));
            Assert.Contains($"грубость {i}", row, StringComparison.Ordinal);
            Assert.Contains($"#{seqs[i]}", row, StringComparison.Ordinal);
            Assert.Contains($"2 \"{Clause2}\"", row, StringComparison.Ordinal);
            Assert.Contains(teacherId, row, StringComparison.Ordinal);
        }

        Assert.Contains($"4 violation(s) of {studentId}, 4 not cited by a block.", violations.Out, StringComparison.Ordinal);
        Assert.Contains("Not blocked.", violations.Out, StringComparison.Ordinal);
        Assert.Contains($"sferumctl mod block {chatId} {studentId} --violation {ids[0]}", violations.Out, StringComparison.Ordinal);
        var record = Json((await teacher.RunAsync("--json", "mod", "violations", chatId, studentId)).Ok().Out);
        Assert.Equal(ids, record.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("violationId").GetString()));
        Assert.Equal("грубость 3", record.GetProperty("evidence").GetProperty(seqs[3].ToString()).GetString());
        var notModerator = (await classmate.RunAsync("mod", "violations", chatId, studentId)).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("NOT_MODERATOR", notModerator.Error, StringComparison.Ordinal);

        // ETH-6: three violations are not enough (exit 6), a block of more than a month is refused (exit 2), each naming the rule;
        // with no --violation at all sferumctl refuses before asking (ETH-8).
        string[] Cite(IEnumerable<string> cited) => cited.SelectMany(id => new[] { "--violation", id }).ToArray();
        var three = (await teacher.RunAsync(["mod", "block", chatId, studentId, .. Cite(ids.Take(3)), "--days", "7"])).Expect(ExitCodes.Conflict);
        Assert.Contains("FAILED_PRECONDITION", three.Error, StringComparison.Ordinal);
        Assert.Contains("reason NOT_ENOUGH_VIOLATIONS, rule ETH-6", three.Error, StringComparison.Ordinal);
        var tooLong = (await teacher.RunAsync(["mod", "block", chatId, studentId, .. Cite(ids), "--days", "40"])).Expect(ExitCodes.Usage);
        Assert.Contains("reason BLOCK_TOO_LONG, rule ETH-6", tooLong.Error, StringComparison.Ordinal);
        var none = (await teacher.RunAsync("mod", "block", chatId, studentId, "--days", "7")).Expect(ExitCodes.Usage);
        Assert.Contains("--violation", none.Error, StringComparison.Ordinal);
        Assert.Contains("ETH-8", none.Error, StringComparison.Ordinal);
        (await student.RunAsync("chat", "send", chatId, "ещё могу писать")).Ok();

        // With four the block holds: the student reads but may not post (exit 5)...
        var blocked = (await teacher.RunAsync(["mod", "block", chatId, studentId, .. Cite(ids), "--days", "7"])).Ok();
        Assert.Contains($"Blocked {studentId} until", blocked.Out, StringComparison.Ordinal);
        Assert.Contains("citing 4 violation(s)", blocked.Out, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", ids), blocked.Out, StringComparison.Ordinal);
        var refused = (await student.RunAsync("chat", "send", chatId, "а теперь?")).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("reason MEMBER_BLOCKED, rule ETH-6", refused.Error, StringComparison.Ordinal);
        Assert.Contains("грубость 0", (await student.RunAsync("chat", "history", chatId)).Ok().Out, StringComparison.Ordinal);
        var cited = Json((await teacher.RunAsync("--json", "mod", "violations", chatId, studentId)).Ok().Out);
        var blockId = cited.GetProperty("activeBlock").GetProperty("blockId").GetString()!;
        Assert.All(cited.GetProperty("violations").EnumerateArray(), v => Assert.Equal(blockId, v.GetProperty("citedByBlockId").GetString()));
        Assert.Contains("0 not cited by a block.", (await teacher.RunAsync("mod", "violations", chatId, studentId)).Ok().Out, StringComparison.Ordinal);

        // ...but posts one apology (ETH-7).
        var before = (await student.RunAsync("mod", "my", chatId)).Ok();
        Assert.Contains("not posted", before.Out, StringComparison.Ordinal);
        Assert.Contains($"sferumctl chat send {chatId} \"TEXT\" --apology", before.Out, StringComparison.Ordinal);
        var apologised = (await student.RunAsync("chat", "send", chatId, "Простите, больше не повторится.", "--apology")).Ok();
        var apologySeq = SentSeq(apologised);
        Assert.Contains("Your apology is posted", apologised.Out, StringComparison.Ordinal);
        var twice = (await student.RunAsync("chat", "send", chatId, "Ещё раз простите", "--apology")).Expect(ExitCodes.Conflict);
        Assert.Contains("reason APOLOGY_ALREADY_POSTED, rule ETH-7", twice.Error, StringComparison.Ordinal);

        // ETH-7: the apology members are asked to object to is in everyone's history (not only on the live stream), in
        // order after the reminders and the block, told by name.
        var studentName = ChatMembers(await classmate.RunAsync("--json", "chat", "members", chatId)).Single(m => m.GetProperty("userId").GetString() == studentId)
            .GetProperty("displayName").GetString()!;
        classmate.Piped = true;
        var story = Lines((await classmate.RunAsync("chat", "history", chatId)).Ok().Out);
        classmate.Piped = false;
        var apologyRow = story.FindIndex(l => l.StartsWith($"#{apologySeq}\t", StringComparison.Ordinal));
        Assert.Contains($"{studentName} apologised: Простите, больше не повторится.", story[apologyRow], StringComparison.Ordinal);
        Assert.Contains($"sferumctl mod object {chatId} {studentId}", story[apologyRow], StringComparison.Ordinal);
        var blockRow = story.FindIndex(l => l.Contains($"blocked {studentName}", StringComparison.Ordinal));
        Assert.InRange(blockRow, 1, apologyRow - 1);
        Assert.Equal(4, story.Take(blockRow).Count(l => l.Contains($"reminded {studentName} of the rules", StringComparison.Ordinal)));
        Assert.True(story.FindIndex(l => l.Contains("грубость 3", StringComparison.Ordinal)) < blockRow);
        var historyPage = Json((await classmate.RunAsync("--json", "chat", "history", chatId)).Ok().Out);
        var apologyEvent = historyPage.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "CHAT_EVENT_KIND_APOLOGY");
        Assert.Equal((apologySeq, studentId, "Простите, больше не повторится."),
            (Long(apologyEvent.GetProperty("seq")), apologyEvent.GetProperty("actorId").GetString(), apologyEvent.GetProperty("body").GetString()));

        // Due process (ETH-5): the student sees each rule clause broken, the evidence, the block's end, who decided and the objection deadline.
        var mine = (await student.RunAsync("mod", "my", chatId, "--ids")).Ok();
        for (var i = 0; i < 4; i++)
        {
            var row = Assert.Single(mine.Out.Split('\n'), l => l.Contains(ids[i], StringComparison.Ordinal) && l.Contains($"#{seqs[i]}", StringComparison.Ordinal));
            Assert.Contains($"2 \"{Clause2}\"", row, StringComparison.Ordinal);
            Assert.Contains($"грубость {i}", row, StringComparison.Ordinal);
        }

        Assert.Contains("You are blocked", mine.Out, StringComparison.Ordinal);
        Assert.Contains($"posted #{apologySeq}", mine.Out, StringComparison.Ordinal);
        Assert.Contains("Members may object until", mine.Out, StringComparison.Ordinal);
        Assert.Matches($@"Decided by\s+{teacherId}", mine.Out);
        Assert.Matches(@"Until\s+\d{4}-\d\d-\d\d \d\d:\d\d", mine.Out);
        Assert.Matches(@"Objection deadline\s+\d{4}-\d\d-\d\d \d\d:\d\d", mine.Out);
        var mineJson = Json((await student.RunAsync("--json", "mod", "my", chatId)).Ok().Out);
        var block = mineJson.GetProperty("activeBlock");
        Assert.Equal((teacherId, apologySeq), (block.GetProperty("moderatorId").GetString(), Long(block.GetProperty("apologySeq"))));
        Assert.True(block.GetProperty("objectionDeadline").GetDateTimeOffset() > block.GetProperty("apologyAt").GetDateTimeOffset());
        // --days counts from sferumctl's clock (the real one here, while the server's is fake).
        Assert.InRange(block.GetProperty("until").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));

        // ETH-7: a classmate objects; the teacher's early unblock is refused (exit 6) and the block runs its course.
        var objected = (await classmate.RunAsync("mod", "object", chatId, studentId)).Ok();
        Assert.Contains($"You objected to ending {studentId}'s block early", objected.Out, StringComparison.Ordinal);
        Assert.Contains("1 objection(s)", objected.Out, StringComparison.Ordinal);
        var unblock = (await teacher.RunAsync("mod", "unblock", chatId, studentId)).Expect(ExitCodes.Conflict);
        Assert.Contains("reason OBJECTED, rule ETH-7", unblock.Error, StringComparison.Ordinal);
        Assert.Contains("A member objected", (await student.RunAsync("mod", "my", chatId)).Ok().Out, StringComparison.Ordinal);
        (await student.RunAsync("chat", "send", chatId, "ну пожалуйста")).Expect(ExitCodes.PermissionDenied);

        // ORG-16: the audit is the supervisors' (the teacher is refused); the administrator sees every action and every refusal.
        var teacherAudit = (await teacher.RunAsync("audit", "query", school.SchoolId)).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("reason NOT_SUPERVISOR, rule ORG-16", teacherAudit.Error, StringComparison.Ordinal);
        var entries = AuditEntries(await admin.RunAsync("--json", "audit", "query", school.SchoolId, "--chat", chatId, "--all"));
        // Issue 9: refusals are one row per (actor, action, minute); the second refused block of that minute (BLOCK_TOO_LONG)
        // is counted and becomes an aggregate row once the minute is over (the server's fake clock never gets there here).
        Assert.Equal(
        [
            "remind ok", "remind ok", "remind ok", "remind ok", "remind REFUSED ALREADY_REMINDED", "block REFUSED NOT_ENOUGH_VIOLATIONS",
            "block ok", "apology ok", "object ok", "unblock_early REFUSED OBJECTED",
        ], entries.AsEnumerable().Reverse().Select(Summary));
        var total = entries.Count;
        Assert.Equal(Enumerable.Range(1, total).Reverse().Select(i => (long)i), entries.Select(e => Long(e.GetProperty("seq"))));
        var remindRow = entries.Single(e => Long(e.GetProperty("seq")) == 1);
        Assert.Equal((teacherId, studentId, seqs[0], 2, "грубость 0"), (remindRow.GetProperty("actorId").GetString(), remindRow.GetProperty("subjectUserId").GetString(),
            Long(remindRow.GetProperty("messageSeq")), remindRow.GetProperty("clause").GetInt32(), remindRow.GetProperty("evidence").GetString()));

        var audit = (await admin.RunAsync("audit", "query", school.SchoolId, "--chat", chatId, "--all", "--ids")).Ok();
        Assert.Contains($"{total} row(s).", audit.Out, StringComparison.Ordinal);
        var refusedRow = Assert.Single(audit.Out.Split('\n'), l => l.Contains("REFUSED NOT_ENOUGH_VIOLATIONS", StringComparison.Ordinal));
        Assert.Contains("block", refusedRow, StringComparison.Ordinal);
        Assert.Contains(teacherId, refusedRow, StringComparison.Ordinal);
        Assert.Contains(audit.Out.Split('\n'), l => l.Contains("REFUSED OBJECTED", StringComparison.Ordinal) && l.Contains("unblock_early", StringComparison.Ordinal));
        Assert.Contains(audit.Out.Split('\n'), l => l.Contains("apology", StringComparison.Ordinal) && l.Contains($"#{apologySeq}", StringComparison.Ordinal));
        Assert.Equal(5, Regex.Count(audit.Out, @"(?<=  )remind(?=  )"));

        // Filters: by moderator, by member and by time, and paging.
        var byModerator = AuditEntries(await admin.RunAsync("--json", "audit", "query", school.SchoolId, "--moderator", teacherId, "--all"));
        // Four reminders and a refused one, the refused and the accepted block, the refused early unblock (the minute's
        // second refused block is counted, not a row of its own).
        Assert.Equal(8, byModerator.Count);
        Assert.All(byModerator, e => Assert.Equal(teacherId, e.GetProperty("actorId").GetString()));
        var byObjector = AuditEntries(await admin.RunAsync("--json", "audit", "query", school.SchoolId, "--moderator", classmateId, "--member", studentId));
        Assert.Equal("object ok", Summary(Assert.Single(byObjector)));
        var now = Server.Clock.GetUtcNow();
        Assert.Empty(AuditEntries(await admin.RunAsync("--json", "audit", "query", school.SchoolId, "--from", now.AddHours(1).ToString("O"))));
        Assert.Equal(total, AuditEntries(await admin.RunAsync("--json", "audit", "query", school.SchoolId, "--from", now.AddHours(-1).ToString("O"),
            "--to", now.AddHours(1).ToString("O"), "--all")).Count);
        var page = (await admin.RunAsync("audit", "query", school.SchoolId, "--page-size", "3")).Ok();
        Assert.Matches(@"3 shown; more with --page-token \S+ \(or --all\)", page.Out);

        // ORG-16: the chain verifies.
        var verified = (await admin.RunAsync("audit", "verify", school.SchoolId)).Ok();
        Assert.Contains($"intact, {total} rows", verified.Out, StringComparison.Ordinal);
        var verifiedJson = Json((await admin.RunAsync("--json", "audit", "verify", school.SchoolId)).Ok().Out);
        Assert.True(verifiedJson.GetProperty("intact").GetBoolean());
        Assert.Equal(total, Long(verifiedJson.GetProperty("rowsChecked")));

        // The watch replays from a row and follows live: as lines, and as JSON Lines.
        var replay = Lines((await admin.RunAsync("audit", "watch", school.SchoolId, "--after", "0", "--count", total.ToString(), "--timeout", "20")).Ok().Out);
        Assert.Equal(total, replay.Count);
        Assert.StartsWith($"#1 ", replay[0], StringComparison.Ordinal);
        Assert.Contains($"[{chatId}] {teacherId} remind subject={studentId} message=#{seqs[0]} clause=2: ok: violation {ids[0]} of clause 2 | evidence: \"грубость 0\"",
            replay[0], StringComparison.Ordinal);
        Assert.Contains(replay, l => l.Contains("block", StringComparison.Ordinal) && l.Contains(": REFUSED NOT_ENOUGH_VIOLATIONS: refused:", StringComparison.Ordinal));
        var watch = admin.RunAsync("--json", "audit", "watch", school.SchoolId, "--after", (total - 1).ToString(), "--count", "2", "--timeout", "30");
        var offTopic = SentSeq((await classmate.RunAsync("chat", "send", chatId, "реклама")).Ok());
        (await teacher.RunAsync("mod", "remind", chatId, offTopic.ToString(), "--clause", "3")).Ok();
        var watched = Lines((await watch).Ok().Out).Select(Json).ToList();
        Assert.Equal([total, total + 1], watched.Select(e => Long(e.GetProperty("seq"))));
        Assert.Equal((classmateId, "реклама", false), (watched[1].GetProperty("subjectUserId").GetString(), watched[1].GetProperty("evidence").GetString(),
            watched[1].GetProperty("refused").GetBoolean()));
        var quiet = (await admin.RunAsync("audit", "watch", school.SchoolId, "--count", "1", "--timeout", "1")).Expect(ExitCodes.Failure);
        Assert.Contains("timed out", quiet.Error, StringComparison.Ordinal);
        Assert.Contains($"intact, {total + 1} rows", (await admin.RunAsync("audit", "verify", school.SchoolId)).Ok().Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ETH_7_an_early_unblock_needs_an_apology_and_a_whole_window_without_objection()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chatId = (await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students)).ChatId;
        var member = school.Students[0];
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", member);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var seq = (await member.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, ClientKey = $"off-{i}", Body = $"не по делу {i}" })).Seq;
            ids.Add((await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chatId, Seq = seq, Clause = 2 })).Violation.ViolationId);
        }

        // Only a blocked member apologises (exit 2).
        var early = (await student.RunAsync("chat", "send", chatId, "Простите", "--apology")).Expect(ExitCodes.Usage);
        Assert.Contains("reason APOLOGY_NOT_EXPECTED, rule ETH-7", early.Error, StringComparison.Ordinal);

        // --until: a time on the server's clock (fake in tests), here 20 days on.
        var until = Server.Clock.GetUtcNow().AddDays(20);
        var block = Json((await teacher.RunAsync(["--json", "mod", "block", chatId, member.UserId, .. ids.SelectMany(id => new[] { "--violation", id }),
            "--until", until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")])).Ok().Out);
        Assert.Equal(until.ToUnixTimeSeconds(), block.GetProperty("until").GetDateTimeOffset().ToUnixTimeSeconds());
        var noApology = (await teacher.RunAsync("mod", "unblock", chatId, member.UserId)).Expect(ExitCodes.Conflict);
        Assert.Contains("reason NO_APOLOGY, rule ETH-7", noApology.Error, StringComparison.Ordinal);

        (await student.RunAsync("chat", "send", chatId, "Простите, я всё понял.", "--apology")).Ok();
        var windowOpen = (await teacher.RunAsync("mod", "unblock", chatId, member.UserId)).Expect(ExitCodes.Conflict);
        Assert.Contains("reason OBJECTION_WINDOW_OPEN, rule ETH-7", windowOpen.Error, StringComparison.Ordinal);

        // The window (24 hours) closes without objection: the teacher unblocks early and the student posts again.
        Server.Clock.Advance(TimeSpan.FromHours(25));
        var objectLate = (await teacher.RunAsync("mod", "object", chatId, member.UserId)).Expect(ExitCodes.Conflict);
        Assert.Contains("reason OBJECTION_WINDOW_CLOSED, rule ETH-7", objectLate.Error, StringComparison.Ordinal);
        var unblocked = (await teacher.RunAsync("mod", "unblock", chatId, member.UserId)).Ok();
        Assert.Contains($"Unblocked {member.UserId} early", unblocked.Out, StringComparison.Ordinal);
        Assert.Contains("no member objected", unblocked.Out, StringComparison.Ordinal);
        (await student.RunAsync("chat", "send", chatId, "спасибо")).Ok();
        var mine = (await student.RunAsync("mod", "my", chatId)).Ok();
        Assert.Contains("4 violation(s).", mine.Out, StringComparison.Ordinal);
        Assert.Contains("You are not blocked.", mine.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ETH_2_ORG_16_reports_reach_the_moderators_a_deleted_text_stays_as_evidence_and_an_altered_audit_row_breaks_the_chain()
    {
        // A subject chat: it admits the class's students and any teacher of the school (CHAT-6).
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chatId = (await school.ChatAsync(school.Teacher, ChatKind.Subject, school.Students)).ChatId;
        var teacherId = school.Teacher.UserId;
        var author = school.Students[0];
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var classmate = await Cli.SignInAsync(school, "classmate", school.Students[1]);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var seq = (await author.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, ClientKey = "insult", Body = "обидные слова" })).Seq;

        // Any member reports a message (a reason may begin with a dash); the moderators see the queue.
        var reported = (await classmate.RunAsync("mod", "report", chatId, seq.ToString(), "--reason", "- оскорбление")).Ok();
        var reportId = ReportLine().Match(reported.Out).Groups[1].Value;
        Assert.Contains($"Reported #{seq}", reported.Out, StringComparison.Ordinal);
        var queue = (await teacher.RunAsync("mod", "reports", chatId)).Ok();
        var reportRow = Assert.Single(queue.Out.Split('\n'), l => l.Contains(reportId, StringComparison.Ordinal));
        Assert.Contains("- оскорбление", reportRow, StringComparison.Ordinal);
        Assert.Contains($"#{seq}", reportRow, StringComparison.Ordinal);
        Assert.Contains(school.Students[1].UserId, reportRow, StringComparison.Ordinal);
        Assert.Contains("1 open report(s).", queue.Out, StringComparison.Ordinal);
        (await classmate.RunAsync("mod", "reports", chatId)).Expect(ExitCodes.PermissionDenied);

        // ETH-2: only a moderator deletes, citing a clause; the text is kept as evidence for the supervisors.
        var notModerator = (await classmate.RunAsync("mod", "delete", chatId, seq.ToString(), "--clause", "1")).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("reason NOT_MODERATOR, rule ETH-2", notModerator.Error, StringComparison.Ordinal);
        var badClause = (await teacher.RunAsync("mod", "delete", chatId, seq.ToString(), "--clause", "9")).Expect(ExitCodes.Usage);
        Assert.Contains("CLAUSE_INVALID", badClause.Error, StringComparison.Ordinal);
        var deleted = (await teacher.RunAsync("mod", "delete", chatId, seq.ToString(), "--clause", "1")).Ok();
        Assert.Contains($"Deleted #{seq} under clause 1 \"{Clause1}\"", deleted.Out, StringComparison.Ordinal);
        Assert.Contains("kept as evidence for the school's supervisors", deleted.Out, StringComparison.Ordinal);
        var history = (await classmate.RunAsync("chat", "history", chatId, "--ids")).Ok();
        Assert.Contains($"deleted by {teacherId}", Assert.Single(history.Out.Split('\n'), l => l.Contains($"#{seq} ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("обидные слова", history.Out, StringComparison.Ordinal);

        var resolved = (await teacher.RunAsync("mod", "resolve", chatId, reportId)).Ok();
        Assert.Contains($"Resolved report {reportId}", resolved.Out, StringComparison.Ordinal);
        Assert.Contains("0 open report(s).", (await teacher.RunAsync("mod", "reports", chatId)).Ok().Out, StringComparison.Ordinal);
        var all = (await teacher.RunAsync("mod", "reports", chatId, "--all")).Ok();
        Assert.Contains("1 report(s), 0 open.", all.Out, StringComparison.Ordinal);
        Assert.Contains(teacherId, Assert.Single(all.Out.Split('\n'), l => l.Contains(reportId, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(teacherId, Assert.Single(Json((await teacher.RunAsync("--json", "mod", "reports", chatId, "--all")).Ok().Out)
            .GetProperty("reports").EnumerateArray()).GetProperty("resolvedBy").GetString());

        // ETH-2: moderators are verified teachers who are members: a student is refused; a second teacher who joined is appointed.
        var student = (await teacher.RunAsync("mod", "appoint", chatId, author.UserId)).Expect(ExitCodes.Conflict);
        Assert.Contains("reason NOT_VERIFIED_TEACHER, rule ETH-2", student.Error, StringComparison.Ordinal);
        var colleague = await school.AddTeacherAsync();
        var link = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chatId });
        await colleague.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = 1 });
        var appointed = (await teacher.RunAsync("mod", "appoint", chatId, colleague.UserId)).Ok();
        Assert.Contains($"{colleague.UserId} now moderates", appointed.Out, StringComparison.Ordinal);
        Assert.Contains($"{teacherId}, {colleague.UserId}", appointed.Out, StringComparison.Ordinal);

        // ORG-16: the deletion's row keeps the text; refused attempts are rows too.
        var entries = AuditEntries(await admin.RunAsync("--json", "audit", "query", school.SchoolId, "--chat", chatId, "--all"));
        var deletion = Assert.Single(entries, e => Summary(e) == "delete_message ok");
        Assert.Equal(("обидные слова", author.UserId, 1), (deletion.GetProperty("evidence").GetString(), deletion.GetProperty("subjectUserId").GetString(),
            deletion.GetProperty("clause").GetInt32()));
        Assert.Contains(entries, e => Summary(e) == "delete_message REFUSED NOT_MODERATOR" && e.GetProperty("actorId").GetString() == school.Students[1].UserId);
        Assert.Contains(entries, e => Summary(e) == "appoint_moderator REFUSED NOT_VERIFIED_TEACHER");
        var audit = (await admin.RunAsync("audit", "query", school.SchoolId, "--chat", chatId)).Ok();
        Assert.Contains(audit.Out.Split('\n'), l => l.Contains("delete_message", StringComparison.Ordinal) && l.Contains("обидные слова", StringComparison.Ordinal));
        Assert.Contains($"intact, {entries.Count} rows", (await admin.RunAsync("audit", "verify", school.SchoolId)).Ok().Out, StringComparison.Ordinal);

        // A row altered in PostgreSQL breaks the chain from there (exit 1).
        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE moderation_audit SET detail = 'ничего не было' WHERE school_id = @school AND seq = 2", connection);
            tamper.Parameters.AddWithValue("school", school.SchoolId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var broken = (await admin.RunAsync("audit", "verify", school.SchoolId)).Expect(ExitCodes.Failure);
        Assert.Contains("BROKEN at row 2", broken.Out, StringComparison.Ordinal);
        var brokenJson = Json((await admin.RunAsync("--json", "audit", "verify", school.SchoolId)).Expect(ExitCodes.Failure).Out);
        Assert.False(brokenJson.GetProperty("intact").GetBoolean());
        Assert.Equal(2, Long(brokenJson.GetProperty("firstBrokenSeq")));
    }

    [Fact]
    public async Task Moderation_options_are_checked_before_calling_the_server_and_a_dashed_reason_is_kept()
    {
        var nobody = Cli.Person("nobody");

        var noClause = (await nobody.RunAsync("mod", "remind", "c1", "5")).Expect(ExitCodes.Usage);
        var zeroClause = (await nobody.RunAsync("mod", "delete", "c1", "5", "--clause", "0")).Expect(ExitCodes.Usage);
        var noViolation = (await nobody.RunAsync("mod", "block", "c1", "u1", "--days", "7")).Expect(ExitCodes.Usage);
        var noLength = (await nobody.RunAsync("mod", "block", "c1", "u1", "--violation", "v1")).Expect(ExitCodes.Usage);
        var bothLengths = (await nobody.RunAsync("mod", "block", "c1", "u1", "--violation", "v1", "--days", "7", "--until", "2026-12-01T10:00Z")).Expect(ExitCodes.Usage);
        var badUntil = (await nobody.RunAsync("mod", "block", "c1", "u1", "--violation", "v1", "--until", "next week")).Expect(ExitCodes.Usage);
        var noReason = (await nobody.RunAsync("mod", "report", "c1", "5")).Expect(ExitCodes.Usage);
        var badFrom = (await nobody.RunAsync("audit", "query", "s1", "--from", "вчера")).Expect(ExitCodes.Usage);
        var backwards = (await nobody.RunAsync("audit", "query", "s1", "--from", "2026-10-01", "--to", "2026-09-01")).Expect(ExitCodes.Usage);
        var badCount = (await nobody.RunAsync("audit", "watch", "s1", "--count", "0")).Expect(ExitCodes.Usage);

        Assert.Contains("missing required option 'clause'", noClause.Error, StringComparison.Ordinal);
        Assert.Contains("--clause", zeroClause.Error, StringComparison.Ordinal);
        Assert.Contains("--violation", noViolation.Error, StringComparison.Ordinal);
        Assert.Contains("--days N or --until TIME", noLength.Error, StringComparison.Ordinal);
        Assert.Contains("--days N or --until TIME", bothLengths.Error, StringComparison.Ordinal);
        Assert.Contains("'next week'", badUntil.Error, StringComparison.Ordinal);
        Assert.Contains("missing required option 'reason'", noReason.Error, StringComparison.Ordinal);
        Assert.Contains("'вчера'", badFrom.Error, StringComparison.Ordinal);
        Assert.Contains("before --to", backwards.Error, StringComparison.Ordinal);
        Assert.Contains("--count", badCount.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(nobody.ConfigPath));

        // Well-formed lines get as far as asking for a login (exit 3); a dashed reason is a value.
        (await nobody.RunAsync("mod", "block", "c1", "u1", "--violation", "v1", "--until", "2026-12-01T10:00Z", "--server", "http://127.0.0.1:1"))
            .Expect(ExitCodes.Unauthenticated);
        (await nobody.RunAsync("mod", "report", "c1", "5", "--reason", "-spam", "--server", "http://127.0.0.1:1")).Expect(ExitCodes.Unauthenticated);
        (await nobody.RunAsync("chat", "send", "c1", "sorry", "--apology", "--server", "http://127.0.0.1:1")).Expect(ExitCodes.Unauthenticated);
        Assert.Equal(["mod", "report", "c1", "5", "--reason", " -spam", "--json"], CommandLine.Prepare(["mod", "report", "c1", "5", "--reason", "-spam", "--json"]));

        // --help shows the examples.
        var help = (await nobody.RunAsync("mod", "block", "--help")).Ok();
        Assert.Contains("--until 2026-12-01T10:00Z", help.Out, StringComparison.Ordinal);
        Assert.Contains("audit verify SCHOOL_ID", (await nobody.RunAsync("audit", "--help")).Ok().Out, StringComparison.Ordinal);
        Assert.Contains("--apology", (await nobody.RunAsync("chat", "send", "--help")).Ok().Out, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Violation (\S+) recorded")]
    private static partial Regex ViolationLine();

    [GeneratedRegex(@"\(report (\S+)\)")]
    private static partial Regex ReportLine();

    /// <summary>"remind ok", "block REFUSED NOT_ENOUGH_VIOLATIONS".</summary>
    private static string Summary(JsonElement entry) =>
        entry.GetProperty("refused").GetBoolean()
            ? $"{entry.GetProperty("action").GetString()} REFUSED {entry.GetProperty("errorCode").GetString()}"
            : $"{entry.GetProperty("action").GetString()} ok";

    private static List<JsonElement> AuditEntries(CliResult result) => result.Ok().Json().GetProperty("entries").EnumerateArray().ToList();
}
