using System.Text.Json;
using System.Text.RegularExpressions;
using DistrictSferum.Cli;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Tests.Infrastructure;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// Chats with sferumctl, in-process against a real server on a real PostgreSQL database. The school, its verified class
/// teacher and students are built through gRPC (<see cref="SchoolScenario"/>); the teacher and a student then sign in
/// with sferumctl, each with their own config file, and everything about the chat goes through sferumctl.
/// </summary>
/// <remarks>
/// The server's clock is frozen and allows 5 codes an hour per contact: the scenario signs each person in once, and
/// sferumctl once more.
/// </remarks>
public sealed partial class CliChatTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-chat-")
{
    private const string Title = "6А: ученики";

    [Fact]
    public async Task CHAT_1_CHAT_3_ETH_4_CHAT_4_the_class_teacher_creates_a_chat_a_student_reads_its_rules_joins_by_link_and_follows_it_live()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);

        // CHAT-1: the class teacher creates the class's students' chat with two numbered rules, and moderates it.
        var created = (await teacher.RunAsync("chat", "create", school.SchoolId, "--kind", "class-students", "--class", school.ClassId,
            "--title", Title, "--rule", "Уважайте друг друга.", "--rule", "Только по делу.")).Ok();
        Assert.Contains(Title, created.Out, StringComparison.Ordinal);
        Assert.Contains("class-students", created.Out, StringComparison.Ordinal);
        Assert.Contains($"6А ({school.ClassId})", created.Out, StringComparison.Ordinal);
        Assert.Contains("  1. Уважайте друг друга.", created.Out, StringComparison.Ordinal);
        Assert.Contains("  2. Только по делу.", created.Out, StringComparison.Ordinal);
        var mine = Assert.Single(MyChats(await teacher.RunAsync("--json", "chat", "mine")), c => c.GetProperty("chat").GetProperty("title").GetString() == Title);
        var chatId = mine.GetProperty("chat").GetProperty("chatId").GetString()!;
        Assert.Equal("CHAT_KIND_CLASS_STUDENTS", mine.GetProperty("chat").GetProperty("kind").GetString());
        Assert.Equal([school.Teacher.UserId], mine.GetProperty("chat").GetProperty("moderatorIds").EnumerateArray().Select(e => e.GetString()));
        var listed = (await teacher.RunAsync("chat", "list", school.SchoolId, "--ids")).Ok();
        var row = Assert.Single(listed.Out.Split('\n'), l => l.Contains(chatId, StringComparison.Ordinal));
        Assert.Contains("class-students", row, StringComparison.Ordinal);
        Assert.Contains(school.Teacher.UserId, row, StringComparison.Ordinal);

        // CHAT-3: a link, its token printed once in a box and in the commands to pass on.
        var link = (await teacher.RunAsync("chat", "link", chatId, "--days", "3")).Ok();
        var token = JoinLine().Match(link.Out).Groups[1].Value;
        Assert.StartsWith(chatId + ".", token, StringComparison.Ordinal);
        Assert.Contains("shown only once", link.Out, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(link.Out, Regex.Escape(token)));

        // ETH-4: the student reads the numbered rules before joining...
        var shown = (await student.RunAsync("chat", "show", "--link", token)).Ok();
        Assert.Contains(Title, shown.Out, StringComparison.Ordinal);
        Assert.Contains($"Rules of \"{Title}\", version 1", shown.Out, StringComparison.Ordinal);
        Assert.True(shown.Out.IndexOf("1. Уважайте друг друга.", StringComparison.Ordinal) < shown.Out.IndexOf("2. Только по делу.", StringComparison.Ordinal));
        Assert.Contains($"sferumctl chat join --link {token} --accept-rules 1", shown.Out, StringComparison.Ordinal);

        // ...with no terminal to ask on, joining needs --accept-rules (exit 2); declining at the prompt joins nothing (exit 1).
        var unasked = (await student.RunWithoutPromptAsync("chat", "join", "--link", token)).Expect(ExitCodes.Usage);
        Assert.Contains("--accept-rules 1", unasked.Error, StringComparison.Ordinal);
        Assert.Contains("chat show --link", unasked.Error, StringComparison.Ordinal);
        var declined = (await student.RunAnsweringAsync("n", "chat", "join", "--link", token)).Expect(ExitCodes.Failure);
        Assert.Contains("2. Только по делу.", declined.Out, StringComparison.Ordinal);
        Assert.Contains("version 1", Assert.Single(student.Prompts, p => p.Contains(Title, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("not joined", declined.Error, StringComparison.Ordinal);
        Assert.Equal(1, Json((await teacher.RunAsync("--json", "chat", "show", chatId)).Ok().Out).GetProperty("memberCount").GetInt32());

        // ETH-3, ETH-4: the student joins by their own act, accepting version 1.
        var joined = (await student.RunAsync("chat", "join", "--link", token, "--accept-rules", "1")).Ok();
        Assert.Contains($"You joined \"{Title}\"", joined.Out, StringComparison.Ordinal);
        var chat = Json((await teacher.RunAsync("--json", "chat", "show", chatId)).Ok().Out);
        Assert.Equal(2, chat.GetProperty("memberCount").GetInt32());
        var before = Long(chat.GetProperty("lastSeq"));

        // CHAT-4: the student's tail, started before the sends, prints both messages in order, then stops at --count.
        var tail = student.RunAsync("chat", "tail", chatId, "--from", before.ToString(), "--count", "2", "--timeout", "20", "--ids");
        var first = SentSeq((await teacher.RunAsync("chat", "send", chatId, "Завтра контрольная.")).Ok());
        var second = SentSeq((await teacher.RunAsync("chat", "send", chatId, "Принесите тетради.")).Ok());
        Assert.True(second > first);
        var tailed = (await tail).Ok();
        Assert.Equal(
            [$"[{Title}] #{first} {school.Teacher.UserId}: Завтра контрольная.", $"[{Title}] #{second} {school.Teacher.UserId}: Принесите тетради."],
            Lines(tailed.Out));

        // As JSON Lines, from the same position: one event object per line, in order.
        var jsonTail = (await student.RunAsync("--json", "chat", "tail", $"{chatId}:{before}", "--count", "2", "--timeout", "20")).Ok();
        var events = Lines(jsonTail.Out).Select(l => Json(l).GetProperty("event")).ToList();
        Assert.Equal([first, second], events.Select(e => Long(e.GetProperty("seq"))));
        Assert.Equal(["Завтра контрольная.", "Принесите тетради."], events.Select(e => e.GetProperty("body").GetString()));
        Assert.All(events, e => Assert.Equal("CHAT_EVENT_KIND_POSTED", e.GetProperty("kind").GetString()));

        // Nothing new: --count unmet by --timeout fails (exit 1); a plain --timeout over all one's chats ends cleanly.
        var quiet = (await student.RunAsync("chat", "tail", chatId, "--count", "1", "--timeout", "1")).Expect(ExitCodes.Failure);
        Assert.Contains("timed out", quiet.Error, StringComparison.Ordinal);
        Assert.Equal("", (await student.RunAsync("chat", "tail", "--timeout", "1")).Ok().Out);

        // The history, oldest at the top.
        var history = (await student.RunAsync("chat", "history", chatId, "--ids")).Ok();
        Assert.True(history.Out.IndexOf("Завтра контрольная.", StringComparison.Ordinal) < history.Out.IndexOf("Принесите тетради.", StringComparison.Ordinal));
        Assert.Contains($"#{first}", history.Out, StringComparison.Ordinal);
        Assert.Contains(school.Teacher.UserId, history.Out, StringComparison.Ordinal);
        Assert.Contains("2 message(s).", history.Out, StringComparison.Ordinal);
        Assert.Equal([second, first], Json((await student.RunAsync("--json", "chat", "history", chatId)).Ok().Out)
            .GetProperty("messages").EnumerateArray().Select(m => Long(m.GetProperty("seq"))));

        // CHAT-4: a retried send with the same --key is stored once, and says so.
        var sent = (await teacher.RunAsync("chat", "send", chatId, "Не забудьте форму.", "--key", "reminder-1")).Ok();
        var third = SentSeq(sent);
        var retried = (await teacher.RunAsync("chat", "send", chatId, "Не забудьте форму.", "--key", "reminder-1")).Ok();
        Assert.Contains($"#{third} (duplicate)", retried.Out, StringComparison.Ordinal);
        var retriedJson = Json((await teacher.RunAsync("--json", "chat", "send", chatId, "Не забудьте форму.", "--key", "reminder-1")).Ok().Out);
        Assert.True(retriedJson.GetProperty("duplicate").GetBoolean());
        Assert.Equal(third, Long(retriedJson.GetProperty("seq")));
        Assert.Equal(3, Json((await student.RunAsync("--json", "chat", "history", chatId)).Ok().Out).GetProperty("messages").GetArrayLength());

        // The student's chats show the three unread messages; reading them clears the count.
        var unread = (await student.RunAsync("chat", "mine")).Ok();
        var unreadRow = Assert.Single(unread.Out.Split('\n'), l => l.Contains(chatId, StringComparison.Ordinal));
        Assert.Matches(@"\s3(\s|$)", unreadRow);
        Assert.Contains("3 unread message(s).", unread.Out, StringComparison.Ordinal);
        Assert.Equal(3, Long(MyChat(await student.RunAsync("--json", "chat", "mine"), chatId).GetProperty("unread")));
        Assert.Contains($"Read up to #{third}", (await student.RunAsync("chat", "read", chatId, third.ToString())).Ok().Out, StringComparison.Ordinal);
        Assert.Equal(0, Long(MyChat(await student.RunAsync("--json", "chat", "mine"), chatId).GetProperty("unread")));
    }

    [Fact]
    public async Task ETH_3_ETH_4_CHAT_4_an_invitee_joins_only_by_accepting_the_rules_and_accepts_them_again_when_they_change()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);
        var studentId = school.Students[0].UserId;
        var chat = Json((await teacher.RunAsync("--json", "chat", "create", school.SchoolId, "--kind", "class-students", "--class", school.ClassId,
            "--title", Title, "--rule", "- Уважайте друг друга.", "--rule", "Без рекламы.")).Ok().Out);
        var chatId = chat.GetProperty("chatId").GetString()!;
        Assert.Equal(["- Уважайте друг друга.", "Без рекламы."], chat.GetProperty("rules").GetProperty("clauses").EnumerateArray().Select(e => e.GetString()));

        // ETH-3: an invitation adds nobody; it waits in the invitee's list.
        Assert.Contains("only if they join themselves", (await teacher.RunAsync("chat", "invite", chatId, studentId)).Ok().Out, StringComparison.Ordinal);
        Assert.Equal([school.Teacher.UserId], ChatMembers(await teacher.RunAsync("--json", "chat", "members", chatId)).Select(m => m.GetProperty("userId").GetString()));
        var invitations = (await student.RunAsync("chat", "invitations")).Ok();
        Assert.Contains(Title, Assert.Single(invitations.Out.Split('\n'), l => l.Contains(chatId, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("1 invitation(s).", invitations.Out, StringComparison.Ordinal);

        // ETH-4: joining by the invitation shows the rules and asks; the student says yes.
        var joined = (await student.RunAnsweringAsync("да", "chat", "join", chatId)).Ok();
        Assert.Contains("1. - Уважайте друг друга.", joined.Out, StringComparison.Ordinal);
        Assert.Contains($"You joined \"{Title}\"", joined.Out, StringComparison.Ordinal);
        Assert.Contains("version 1", Assert.Single(student.Prompts, p => p.Contains(Title, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(0, Json((await student.RunAsync("--json", "chat", "invitations")).Ok().Out).GetProperty("invitations").GetArrayLength());
        var members = (await teacher.RunAsync("chat", "members", chatId)).Ok();
        Assert.Contains("v1", Assert.Single(members.Out.Split('\n'), l => l.Contains(studentId, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("moderator", Assert.Single(members.Out.Split('\n'), l => l.Contains(school.Teacher.UserId, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("2 member(s).", members.Out, StringComparison.Ordinal);

        // A message may begin with a dash.
        var dashed = SentSeq((await student.RunAsync("chat", "send", chatId, "-1 балл за опоздание?")).Ok());
        Assert.Contains("-1 балл за опоздание?", (await teacher.RunAsync("chat", "history", chatId)).Ok().Out, StringComparison.Ordinal);

        // ETH-4: new rules are a new version; until the student accepts it, their chats mark it and they cannot post.
        var changed = (await teacher.RunAsync("chat", "set-rules", chatId, "--rule", "Уважайте друг друга.", "--rule", "Не публикуйте чужие данные.")).Ok();
        Assert.Contains("version 2", changed.Out, StringComparison.Ordinal);
        Assert.Contains("2. Не публикуйте чужие данные.", changed.Out, StringComparison.Ordinal);
        var mine = (await student.RunAsync("chat", "mine")).Ok();
        Assert.Contains("! new rules v2 to accept", Assert.Single(mine.Out.Split('\n'), l => l.Contains(chatId, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("chat accept-rules CHAT_ID VERSION", mine.Out, StringComparison.Ordinal);
        Assert.True(MyChat(await student.RunAsync("--json", "chat", "mine"), chatId).GetProperty("rulesToAccept").GetBoolean());
        var refused = (await student.RunAsync("chat", "send", chatId, "Можно?")).Expect(ExitCodes.Conflict);
        Assert.Contains("RULES_NOT_ACCEPTED", refused.Error, StringComparison.Ordinal);
        Assert.Contains("rule ETH-4", refused.Error, StringComparison.Ordinal);
        Assert.Contains("version 2", (await student.RunAsync("chat", "accept-rules", chatId, "2")).Ok().Out, StringComparison.Ordinal);
        Assert.False(MyChat(await student.RunAsync("--json", "chat", "mine"), chatId).GetProperty("rulesToAccept").GetBoolean());

        // CHAT-4: a reply, edited and then deleted by its author; the history marks both.
        var reply = SentSeq((await student.RunAsync("chat", "send", chatId, "Можно", "--reply-to", dashed.ToString(), "--mention", school.Teacher.UserId)).Ok());
        Assert.Contains($"Edited #{reply}", (await student.RunAsync("chat", "edit", chatId, reply.ToString(), "Можно?")).Ok().Out, StringComparison.Ordinal);
        Assert.Contains($"Deleted #{dashed}", (await student.RunAsync("chat", "delete", chatId, dashed.ToString())).Ok().Out, StringComparison.Ordinal);
        var history = (await teacher.RunAsync("chat", "history", chatId)).Ok();
        var replyRow = Assert.Single(history.Out.Split('\n'), l => l.Contains($"#{reply} ", StringComparison.Ordinal));
        Assert.Contains("Можно?", replyRow, StringComparison.Ordinal);
        Assert.Contains($"reply to #{dashed}", replyRow, StringComparison.Ordinal);
        Assert.Contains("edited", replyRow, StringComparison.Ordinal);
        Assert.Contains("deleted", Assert.Single(history.Out.Split('\n'), l => l.Contains($"#{dashed} ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("-1 балл", history.Out, StringComparison.Ordinal);

        // The teacher's tail from the start replays every event; joins and rules changes are system lines.
        var lastSeq = Long(Json((await teacher.RunAsync("--json", "chat", "show", chatId)).Ok().Out).GetProperty("lastSeq"));
        var replay = Lines((await teacher.RunAsync("chat", "tail", chatId, "--from", "0", "--count", lastSeq.ToString(), "--timeout", "20", "--ids")).Ok().Out);
        Assert.Equal(lastSeq, replay.Count);
        Assert.Contains($"[{Title}] #{dashed} {studentId}: (deleted)", replay);
        Assert.Contains($"[{Title}] #{reply} {studentId} (reply to #{dashed}): Можно?", replay);
        Assert.Contains(replay, l => l.EndsWith($"* {studentId} joined", StringComparison.Ordinal));
        Assert.Contains(replay, l => l.Contains($"* {school.Teacher.UserId} changed the rules to version 2", StringComparison.Ordinal));
        Assert.Contains(replay, l => l.Contains($"* {studentId} edited #{reply}: Можно?", StringComparison.Ordinal));
        Assert.Contains(replay, l => l.EndsWith($"* {studentId} deleted #{dashed}", StringComparison.Ordinal));

        // Members leave when they wish.
        Assert.Contains("You left", (await student.RunAsync("chat", "leave", chatId)).Ok().Out, StringComparison.Ordinal);
        Assert.Single(ChatMembers(await teacher.RunAsync("--json", "chat", "members", chatId)));
        (await student.RunAsync("chat", "history", chatId)).Expect(ExitCodes.NotFound);
    }

    [Fact]
    public async Task Chat_options_are_checked_before_calling_the_server_and_dashed_values_are_kept()
    {
        var nobody = Cli.Person("nobody");

        var kind = (await nobody.RunAsync("chat", "create", "s1", "--kind", "janitors", "--title", "T", "--rule", "r")).Expect(ExitCodes.Usage);
        var noRules = (await nobody.RunAsync("chat", "create", "s1", "--kind", "other", "--title", "T")).Expect(ExitCodes.Usage);
        var neither = (await nobody.RunAsync("chat", "show")).Expect(ExitCodes.Usage);
        var both = (await nobody.RunAsync("chat", "join", "c1", "--link", "c1.x")).Expect(ExitCodes.Usage);
        var from = (await nobody.RunAsync("chat", "tail", "--from", "3")).Expect(ExitCodes.Usage);
        var position = (await nobody.RunAsync("chat", "tail", "c1:x")).Expect(ExitCodes.Usage);

        Assert.Contains("class-students|class-parents", kind.Error, StringComparison.Ordinal);
        Assert.Contains("--rule", noRules.Error, StringComparison.Ordinal);
        Assert.Contains("CHAT_ID or --link", neither.Error, StringComparison.Ordinal);
        Assert.Contains("CHAT_ID or --link", both.Error, StringComparison.Ordinal);
        Assert.Contains("--from", from.Error, StringComparison.Ordinal);
        Assert.Contains("c1:x", position.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(nobody.ConfigPath));

        // Dashed link tokens, texts and clauses are parsed as values: the commands get as far as asking for a login (exit 3).
        (await nobody.RunAsync("chat", "join", "--link", "-abc.def", "--accept-rules", "1", "--server", "http://127.0.0.1:1")).Expect(ExitCodes.Unauthenticated);
        (await nobody.RunAsync("chat", "send", "c1", "-5", "--server", "http://127.0.0.1:1")).Expect(ExitCodes.Unauthenticated);
        (await nobody.RunAsync("chat", "create", "s1", "--kind", "other", "--title", "T", "--rule", "- a", "--server", "http://127.0.0.1:1"))
            .Expect(ExitCodes.Unauthenticated);
        Assert.Equal(["chat", "show", "--link", " --abc", "--json"], CommandLine.Prepare(["chat", "show", "--link", "--abc", "--json"]));
        Assert.Equal(["chat", "send", "c1", " -5", "--key", " -k"], CommandLine.Prepare(["chat", "send", "c1", "-5", "--key", "-k"]));
        Assert.Equal(["chat", "send", "c1", " --x", " -h"], CommandLine.Prepare(["chat", "send", "c1", "--", "--x", "-h"]));
        Assert.Equal(["chat", "send", "c1", "--help"], CommandLine.Prepare(["chat", "send", "c1", "--help"]));
        Assert.Equal("-5", CommandLine.Restore(" -5"));
    }

    [GeneratedRegex(@"sferumctl chat join --link (\S+)")]
    private static partial Regex JoinLine();

    private static IEnumerable<JsonElement> MyChats(CliResult result) => result.Ok().Json().GetProperty("chats").EnumerateArray();

    private static JsonElement MyChat(CliResult result, string chatId) =>
        Assert.Single(MyChats(result), c => c.GetProperty("chat").GetProperty("chatId").GetString() == chatId);

}
