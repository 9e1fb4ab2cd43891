using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Polls in a class chat through gRPC (CHAT-8).</summary>
public sealed class PollEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private static CreatePollRequest Question(string chatId, bool anonymous = false, bool multiple = false, Timestamp? closes = null) => new()
    {
        ChatId = chatId,
        Question = "Кто придёт на собрание в четверг?",
        Options = { "Приду", "Не приду", "Пока не знаю" },
        Anonymous = anonymous,
        MultipleChoice = multiple,
        ClosesAt = closes,
    };

    [Fact]
    public async Task CHAT_8_a_verified_teacher_opens_a_poll_members_vote_and_the_counts_arrive_live_on_Subscribe()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 3);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var watcher = StreamRecorder.Open(school.Students[2], (chat.ChatId, chat.LastSeq));
        await watcher.UntilAsync(r => r.CaughtUp(chat.ChatId));

        var poll = (await school.Teacher.Polls.CreatePollAsync(Question(chat.ChatId))).Poll;
        await school.Students[0].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 0 } });
        var after = (await school.Students[1].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 2 } })).Poll;
        Assert.Equal([1, 0, 1], after.Options.Select(o => o.Count));
        Assert.Equal([2], after.MyChoices);
        Assert.Equal(2, after.Voters);

        await watcher.UntilAsync(r => r.EventsOf(chat.ChatId).Any(e => e.Kind == ChatEventKind.PollVotes && e.PollCounts.SequenceEqual([1, 0, 1])));
        var events = watcher.EventsOf(chat.ChatId).Where(e => e.PollId == poll.PollId).ToList();
        Assert.Equal(ChatEventKind.PollOpened, events[0].Kind);
        Assert.Equal(poll.Question, events[0].Body);
        Assert.Equal([0, 0, 0], events[0].PollCounts);

        // A changed vote moves its count; a retracted one is gone; the creator closes the poll and the counts are final.
        await school.Students[0].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 1 } });
        await school.Students[1].Polls.RetractVoteAsync(new RetractVoteRequest { PollId = poll.PollId });
        var closed = (await school.Teacher.Polls.ClosePollAsync(new ClosePollRequest { PollId = poll.PollId })).Poll;
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal(school.Teacher.UserId, closed.ClosedBy);
        Assert.Equal([0, 1, 0], closed.Options.Select(o => o.Count));
        await watcher.UntilAsync(r => r.EventsOf(chat.ChatId).Any(e => e.Kind == ChatEventKind.PollClosed && e.PollCounts.SequenceEqual([0, 1, 0])));
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => school.Students[2].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 0 } }), "POLL_CLOSED", "CHAT-8");

        // History shows the poll's opening and closing, not every count.
        var history = await school.Students[2].Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Equal([ChatEventKind.PollClosed, ChatEventKind.PollOpened], history.Events.Where(e => e.PollId == poll.PollId).Select(e => e.Kind));
        await watcher.DisposeAsync();
    }

    [Fact]
    public async Task CHAT_8_a_retried_vote_is_counted_once()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var poll = (await school.Teacher.Polls.CreatePollAsync(Question(chat.ChatId))).Poll;
        var vote = new VoteRequest { PollId = poll.PollId, Choices = { 1 } };
        await school.Students[0].Polls.VoteAsync(vote);
        var retried = (await school.Students[0].Polls.VoteAsync(vote)).Poll;
        Assert.Equal([0, 1, 0], retried.Options.Select(o => o.Count));
        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        var lastSeq = (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.LastSeq;
        // Opened + one count change: the retry appended nothing.
        Assert.Equal(chat.LastSeq + 2, lastSeq);
    }

    [Fact]
    public async Task CHAT_8_only_moderators_and_verified_teachers_open_polls_and_bad_polls_change_nothing()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var unverified = await school.AddTeacherAsync(verified: false);
        var colleague = await school.AddTeacherAsync();
        var chat = await school.ChatAsync(school.Teacher, ChatKind.Other, [], title: "Учителя 6А");
        var link = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId });
        foreach (var t in new[] { unverified, colleague })
            await t.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = chat.Rules.Version });
        var students = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var before = (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.LastSeq;

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => unverified.Polls.CreatePollAsync(Question(chat.ChatId)), "MAY_NOT_CREATE_POLL", "CHAT-8");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[0].Polls.CreatePollAsync(Question(students.ChatId)), "MAY_NOT_CREATE_POLL", "CHAT-8");
        await RpcAssert.FailsOnField(() => school.Teacher.Polls.CreatePollAsync(new CreatePollRequest { ChatId = chat.ChatId, Question = "?", Options = { "Один" } }),
            "options", "POLL_OPTIONS_INVALID", "CHAT-8");
        await RpcAssert.FailsOnField(() => school.Teacher.Polls.CreatePollAsync(Question(chat.ChatId, closes: Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddMinutes(-1)))),
            "closes_at", "POLL_CLOSE_TIME_INVALID", "CHAT-8");
        Assert.Equal(before, (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.LastSeq);

        var poll = (await colleague.Polls.CreatePollAsync(Question(chat.ChatId))).Poll;
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => unverified.Polls.ClosePollAsync(new ClosePollRequest { PollId = poll.PollId }), "NOT_POLL_CREATOR", "CHAT-8");
        // The chat's moderator closes a colleague's poll.
        await school.Teacher.Polls.ClosePollAsync(new ClosePollRequest { PollId = poll.PollId });
    }

    [Fact]
    public async Task CHAT_8_DIS_1_outside_the_chat_a_poll_does_not_exist_and_open_polls_name_their_voters()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [school.Students[0]]);
        var other = await SchoolScenario.CreateAsync(Server, students: 1);
        var open = (await school.Teacher.Polls.CreatePollAsync(Question(chat.ChatId))).Poll;
        var secret = (await school.Teacher.Polls.CreatePollAsync(Question(chat.ChatId, anonymous: true))).Poll;
        foreach (var p in new[] { open, secret }) await school.Students[0].Polls.VoteAsync(new VoteRequest { PollId = p.PollId, Choices = { 0 } });

        Assert.Equal([school.Students[0].UserId], (await school.Teacher.Polls.GetPollAsync(new GetPollRequest { PollId = open.PollId })).Poll.Options[0].VoterIds);
        var anonymous = (await school.Teacher.Polls.GetPollAsync(new GetPollRequest { PollId = secret.PollId })).Poll;
        Assert.Equal(1, anonymous.Options[0].Count);
        Assert.Empty(anonymous.Options[0].VoterIds);

        foreach (var outsider in new[] { school.Students[1], other.Admin, other.Students[0] })
        {
            await RpcAssert.Fails(StatusCode.NotFound, () => outsider.Polls.GetPollAsync(new GetPollRequest { PollId = open.PollId }), "POLL_NOT_FOUND", "DIS-1");
            await RpcAssert.Fails(StatusCode.NotFound, () => outsider.Polls.VoteAsync(new VoteRequest { PollId = open.PollId, Choices = { 1 } }), "POLL_NOT_FOUND", "DIS-1");
        }

        await RpcAssert.Fails(StatusCode.NotFound, () => other.Admin.Polls.CreatePollAsync(Question(chat.ChatId)), "CHAT_NOT_FOUND", "DIS-1");
        Assert.Equal([1, 0, 0], (await school.Teacher.Polls.GetPollAsync(new GetPollRequest { PollId = open.PollId })).Poll.Options.Select(o => o.Count));
    }

    [Fact]
    public async Task CHAT_8_a_poll_closes_at_its_time_evaluated_on_access()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var closes = Server.Clock.GetUtcNow().AddMinutes(2);
        var poll = (await school.Teacher.Polls.CreatePollAsync(Question(chat.ChatId, closes: Timestamp.FromDateTimeOffset(closes)))).Poll;
        await school.Students[0].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 0 } });

        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => school.Students[0].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 1 } }), "POLL_CLOSED", "CHAT-8");
        var closed = (await school.Teacher.Polls.GetPollAsync(new GetPollRequest { PollId = poll.PollId })).Poll;
        Assert.Equal(Timestamp.FromDateTimeOffset(closes), closed.ClosedAt);
        Assert.Equal("", closed.ClosedBy);
        Assert.Equal([1, 0, 0], closed.Options.Select(o => o.Count));
        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Single(history.Events, e => e.Kind == ChatEventKind.PollClosed && e.PollId == poll.PollId);
    }

    [Fact]
    public async Task CHAT_8_ETH_6_a_blocked_member_sees_the_poll_but_may_not_vote()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var member = school.Students[0];
        var violations = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var seq = (await member.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = Guid.NewGuid().ToString("N"), Body = $"грубость {i}" })).Seq;
            violations.Add((await school.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = 2 })).Violation.ViolationId);
        }

        await school.Teacher.Moderation.BlockMemberAsync(new BlockMemberRequest
        {
            ChatId = chat.ChatId,
            UserId = member.UserId,
            ViolationIds = { violations },
            Until = Timestamp.FromDateTimeOffset(Server.Clock.GetUtcNow().AddDays(3)),
        });
        var poll = (await school.Teacher.Polls.CreatePollAsync(Question(chat.ChatId))).Poll;

        Assert.Equal(3, (await member.Polls.GetPollAsync(new GetPollRequest { PollId = poll.PollId })).Poll.Options.Count);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => member.Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 0 } }), "MEMBER_BLOCKED", "ETH-6");
        await school.Students[1].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 0 } });
        Assert.Equal(1, (await school.Teacher.Polls.GetPollAsync(new GetPollRequest { PollId = poll.PollId })).Poll.Voters);
    }
}
