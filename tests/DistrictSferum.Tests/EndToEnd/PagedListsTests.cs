using DistrictSferum.Contracts;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Issue 9 item 3: every list is paged (page_size, page_token), and a repeated report adds nothing.</summary>
public sealed class PagedListsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task ETH_2_reports_my_chats_and_invitations_come_a_page_at_a_time_and_a_repeated_report_is_the_first()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var student = school.Students[0];
        var chats = new List<Chat>();
        for (var i = 0; i < 3; i++) chats.Add(await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students, $"Чат {i}"));
        var chatId = chats[0].ChatId;
        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
            seqs.Add((await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, ClientKey = $"m{i}", Body = $"сообщение {i}" })).Seq);
        var reports = new List<string>();
        foreach (var seq in seqs)
            reports.Add((await student.Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chatId, Seq = seq, Reason = "проверка" })).Report.ReportId);

        // The same reporter and message: the first report, no second row in the queue or the audit.
        var repeated = await student.Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chatId, Seq = seqs[0], Reason = "ещё раз" });
        Assert.Equal(reports[0], repeated.Report.ReportId);

        var first = await school.Teacher.Moderation.ListReportsAsync(new ListReportsRequest { ChatId = chatId, PageSize = 2 });
        var second = await school.Teacher.Moderation.ListReportsAsync(new ListReportsRequest { ChatId = chatId, PageSize = 2, PageToken = first.NextPageToken });
        Assert.Equal(reports, first.Reports.Concat(second.Reports).Select(r => r.ReportId));
        Assert.NotEmpty(first.NextPageToken);
        Assert.Empty(second.NextPageToken);
        var audit = await school.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, ChatId = chatId, PageSize = 100 });
        Assert.Equal(3, audit.Entries.Count(e => e.Action == "report" && !e.Refused));

        var mine = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await student.Chats.ListMyChatsAsync(new ListMyChatsRequest { PageSize = 2, PageToken = token });
            Assert.True(page.Chats.Count <= 2);
            mine.AddRange(page.Chats.Select(c => c.Chat.ChatId));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);
        Assert.True(pages >= 2);
        Assert.Equal(mine.Distinct().Count(), mine.Count);
        Assert.Superset(chats.Select(c => c.ChatId).ToHashSet(), mine.ToHashSet());

        var invitations = await student.Chats.ListInvitationsAsync(new ListInvitationsRequest { PageSize = 1 });
        Assert.Empty(invitations.NextPageToken);
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => student.Chats.ListMyChatsAsync(new ListMyChatsRequest { PageToken = "not-a-token" }), "CURSOR_INVALID");
    }

    [Fact]
    public async Task ETH_2_a_client_that_sends_no_page_size_gets_every_chat_report_and_invitation_past_the_default_page()
    {
        // The web app called ListMyChats({}) and ListReports without paging: past 50 it silently saw 50.
        const int count = PageRequest.DefaultSize + 3;
        var school = await SchoolScenario.CreateAsync(Server, students: 5);
        var member = school.Students[0];
        var invitee = school.Students[1];
        var reporters = school.Students.Skip(2).ToList();
        var chats = new List<Chat> { await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [member, .. reporters], "Чат 0") };
        for (var i = 1; i < count; i++) chats.Add(await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, [member], $"Чат {i}"));
        foreach (var chat in chats)
            await school.Teacher.Chats.InviteToChatAsync(new InviteToChatRequest { ChatId = chat.ChatId, UserId = invitee.UserId });

        // Reports in one chat: the senders keep within the send burst, each reporter within the open-report cap.
        var senders = new[] { school.Teacher, member, invitee };
        await invitee.Chats.JoinChatAsync(new JoinChatRequest { ChatId = chats[0].ChatId, AcceptedRulesVersion = chats[0].Rules.Version });
        var reports = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var seq = (await senders[i % senders.Length].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chats[0].ChatId, ClientKey = $"r{i}", Body = $"сообщение {i}" })).Seq;
            reports.Add((await reporters[i % reporters.Count].Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chats[0].ChatId, Seq = seq, Reason = "проверка" })).Report.ReportId);
        }

        var mine = await member.Chats.ListMyChatsAsync(new ListMyChatsRequest());
        Assert.Equal(chats.Select(c => c.ChatId).Order(), mine.Chats.Select(c => c.Chat.ChatId).Order());
        Assert.Empty(mine.NextPageToken);

        var invitations = await invitee.Chats.ListInvitationsAsync(new ListInvitationsRequest());
        Assert.Equal(chats.Skip(1).Select(c => c.ChatId).Order(), invitations.Invitations.Select(i => i.ChatId).Order());
        Assert.Empty(invitations.NextPageToken);

        var queue = await school.Teacher.Moderation.ListReportsAsync(new ListReportsRequest { ChatId = chats[0].ChatId });
        Assert.Equal(reports, queue.Reports.Select(r => r.ReportId));
        Assert.Empty(queue.NextPageToken);

        // An explicit page size is still honoured, with a token for the rest.
        var paged = await member.Chats.ListMyChatsAsync(new ListMyChatsRequest { PageSize = 10 });
        Assert.Equal(10, paged.Chats.Count);
        Assert.NotEmpty(paged.NextPageToken);
    }
}
