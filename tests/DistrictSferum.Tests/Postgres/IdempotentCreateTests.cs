using System.Security.Cryptography;
using System.Threading.Channels;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Grains.Files;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.EndToEnd;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// Issue 9 item 8: creating RPCs take an optional client_request_id; a retry with it answers what the first attempt
/// made, and a first attempt that failed half-way is completed by the retry instead of being made twice.
/// </summary>
public sealed class IdempotentCreateTests
{
    [Fact]
    public async Task ORG_1_a_registration_retried_after_a_partial_failure_makes_one_school()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("idemreg");
        await using var server = await ServerHost.StartAsync(database);
        var op = await server.SignInOperatorAsync();
        var request = SchoolRequests.Register("Школа повторов", "+79996730001");
        request.ClientRequestId = "register-school-1";

        // The school commits its registration; the district's register refuses the write that would list it.
        await TestSql.ExecuteAsync(database, """
            CREATE FUNCTION refuse_district() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN RAISE EXCEPTION 'injected fault: the district cannot be written'; END $$;
            CREATE TRIGGER refuse_district BEFORE INSERT OR UPDATE ON orleans_grain_state FOR EACH ROW
              WHEN (NEW.graintypestring = 'district') EXECUTE FUNCTION refuse_district();
            """);
        await Assert.ThrowsAsync<RpcException>(() => op.District.RegisterSchoolAsync(request).ResponseAsync);
        Assert.Equal(1, await TestSql.ScalarAsync(database, "SELECT count(*) FROM school_state"));
        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_district ON orleans_grain_state; DROP FUNCTION refuse_district();");

        var retried = (await op.District.RegisterSchoolAsync(request)).School;
        var again = (await op.District.RegisterSchoolAsync(request)).School;

        Assert.Equal(retried.SchoolId, again.SchoolId);
        Assert.Equal(1, await TestSql.ScalarAsync(database, "SELECT count(*) FROM school_state"));
        var listed = (await op.District.ListSchoolsAsync(new ListSchoolsRequest { PageSize = 500 })).Schools;
        Assert.Equal(retried.SchoolId, Assert.Single(listed, s => s.Name == "Школа повторов").SchoolId);
        // The retry finished what the first attempt left: the administrator runs the school.
        var admin = await server.SignInAsync("+79996730001");
        Assert.Contains(retried.SchoolId, (await admin.Users.GetMeAsync(new GetMeRequest())).Me.SchoolIds);
        // Without an id, a second registration of the name is still refused.
        request.ClientRequestId = "";
        await RpcAssert.Fails(StatusCode.AlreadyExists, () => op.District.RegisterSchoolAsync(request), "SCHOOL_EXISTS");
    }

    [Fact]
    public async Task ORG_4_ORG_5_CHAT_1_ORG_13_creates_retried_with_their_request_id_answer_the_first_result_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("idemcreate"));
        var school = await SchoolScenario.CreateAsync(server, students: 0);
        var admin = school.Admin;

        var newClass = new CreateClassRequest { SchoolId = school.SchoolId, Kind = ClassKind.Grade, Name = "7Б", ClientRequestId = "class-7b" };
        var firstClass = (await admin.Classes.CreateClassAsync(newClass)).Class;
        Assert.Equal(firstClass.ClassId, (await admin.Classes.CreateClassAsync(newClass)).Class.ClassId);
        Assert.Single((await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes, c => c.Name == "7Б");

        var newInvite = new CreateInviteRequest
        {
            SchoolId = school.SchoolId,
            ClassId = firstClass.ClassId,
            Role = JoinRole.Student,
            ClientRequestId = "invite-7b",
        };
        var firstInvite = await admin.Invites.CreateInviteAsync(newInvite);
        var retriedInvite = await admin.Invites.CreateInviteAsync(newInvite);
        Assert.Equal(firstInvite.Invite.InviteId, retriedInvite.Invite.InviteId);
        Assert.Equal(firstInvite.Token, retriedInvite.Token);
        Assert.Single((await admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = school.SchoolId, PageSize = 500 })).Invites,
            i => i.ClassId == firstClass.ClassId);
        // The same request id of another caller (or for another class) is another create.
        var otherClassInvite = await admin.Invites.CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = school.SchoolId,
            ClassId = school.ClassId,
            Role = JoinRole.Student,
            ClientRequestId = "invite-7b",
        });
        Assert.NotEqual(firstInvite.Invite.InviteId, otherClassInvite.Invite.InviteId);
        Assert.NotEqual(firstInvite.Token, otherClassInvite.Token);
        // The link works: a student follows the retried answer's token.
        var student = await server.SignInAsync(school.NextPhone());
        await student.Invites.FollowInviteAsync(new FollowInviteRequest { Token = retriedInvite.Token });

        var newChat = new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = ChatKind.ClassParents,
            Title = "Родители 6А",
            ClassId = school.ClassId,
            RuleClauses = { "Уважайте друг друга." },
            ClientRequestId = "chat-parents-6a",
        };
        var firstChat = (await school.Teacher.Chats.CreateChatAsync(newChat)).Chat;
        Assert.Equal(firstChat.ChatId, (await school.Teacher.Chats.CreateChatAsync(newChat)).Chat.ChatId);
        var chats = (await admin.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId, PageSize = 500 })).Chats;
        Assert.Single(chats, c => c.Title == "Родители 6А");
        // Another teacher's same request id is their own chat, not the first teacher's.
        var other = await school.AddTeacherAsync();
        await admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = school.SchoolId, ClassId = school.ClassId, TeacherId = other.UserId });
        Assert.NotEqual(firstChat.ChatId, (await other.Chats.CreateChatAsync(newChat)).Chat.ChatId);

        var newMeeting = new CreateMeetingRequest
        {
            SchoolId = school.SchoolId,
            Kind = MeetingKind.Broadcast,
            Title = "Линейка",
            Start = Timestamp.FromDateTimeOffset(server.Clock.GetUtcNow().AddDays(1)),
            Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
            Audience = new Audience { Kind = AudienceKind.School },
            StreamUrl = "https://tv.district.example/live/school",
            ClientRequestId = "line-up",
        };
        var firstMeeting = (await admin.Meetings.CreateMeetingAsync(newMeeting)).Meeting;
        Assert.Equal(firstMeeting.MeetingId, (await admin.Meetings.CreateMeetingAsync(newMeeting)).Meeting.MeetingId);

        // A request id outside the client-key alphabet is refused and creates nothing.
        var classes = (await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes.Count;
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => admin.Classes.CreateClassAsync(
            new CreateClassRequest { SchoolId = school.SchoolId, Kind = ClassKind.Grade, Name = "8В", ClientRequestId = "k\0x" }), "CLIENT_REQUEST_ID_INVALID");
        Assert.Equal(classes, (await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes.Count);
    }

    [Fact]
    public async Task CHAT_3_CHAT_8_REG_5_DIS_2_chat_links_polls_tickets_calendar_feeds_and_community_links_retried_with_their_request_id_answer_the_first_result_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("idemlinks"));
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        var chat = (await school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = ChatKind.ClassStudents,
            Title = "Чат",
            ClassId = school.ClassId,
            RuleClauses = { "Уважайте друг друга." },
        })).Chat;

        var newLink = new CreateChatLinkRequest { ChatId = chat.ChatId, ClientRequestId = "link-1" };
        var first = (await school.Teacher.Chats.CreateChatLinkAsync(newLink)).Token;
        Assert.Equal(first, (await school.Teacher.Chats.CreateChatLinkAsync(newLink)).Token);
        Assert.NotEqual(first, (await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId, ClientRequestId = "link-2" })).Token);
        Assert.NotEqual(first, (await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId })).Token);
        await school.Students[0].Chats.JoinChatAsync(new JoinChatRequest { LinkToken = first, AcceptedRulesVersion = chat.Rules.Version });
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId, ClientRequestId = "bad id" }), "CLIENT_REQUEST_ID_INVALID");

        var newPoll = new CreatePollRequest { ChatId = chat.ChatId, Question = "Экскурсия?", Options = { "Да", "Нет" }, ClientRequestId = "poll-1" };
        var poll = (await school.Teacher.Polls.CreatePollAsync(newPoll)).Poll;
        Assert.Equal(poll.PollId, (await school.Teacher.Polls.CreatePollAsync(newPoll)).Poll.PollId);
        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Single(history.Events, e => e.Kind == ChatEventKind.PollOpened);
        Assert.NotEqual(poll.PollId, (await school.Teacher.Polls.CreatePollAsync(new CreatePollRequest { ChatId = chat.ChatId, Question = "Ещё?", Options = { "Да", "Нет" } })).Poll.PollId);

        var newTicket = new OpenTicketRequest { SchoolId = school.SchoolId, Category = SupportCategory.Other, Subject = "Вопрос", Text = "Как добавить класс?", ClientRequestId = "ticket-1" };
        var ticket = (await school.Teacher.Support.OpenTicketAsync(newTicket)).Ticket;
        Assert.Equal(ticket.TicketId, (await school.Teacher.Support.OpenTicketAsync(newTicket)).Ticket.TicketId);
        Assert.Single((await school.Admin.Support.ListSchoolTicketsAsync(new ListSchoolTicketsRequest { SchoolId = school.SchoolId })).Tickets, t => t.Subject == "Вопрос");

        var feed = new CreateCalendarFeedRequest { ClientRequestId = "feed-1" };
        var firstFeed = (await school.Teacher.Meetings.CreateCalendarFeedAsync(feed)).Token;
        Assert.Equal(firstFeed, (await school.Teacher.Meetings.CreateCalendarFeedAsync(feed)).Token);

        var op = await server.SignInOperatorAsync();
        var community = (await op.Communities.CreateCommunityAsync(new CreateCommunityRequest
        {
            Kind = CommunityKind.MethodicalAssociation,
            Title = "МО",
            Description = "Проверка",
            ModeratorIds = { school.Teacher.UserId },
        })).Community;
        var newCommunityLink = new CreateCommunityLinkRequest { CommunityId = community.CommunityId, ClientRequestId = "community-link-1" };
        var communityToken = (await school.Teacher.Communities.CreateCommunityLinkAsync(newCommunityLink)).LinkToken;
        Assert.Equal(communityToken, (await school.Teacher.Communities.CreateCommunityLinkAsync(newCommunityLink)).LinkToken);
        Assert.NotEqual(communityToken, (await school.Teacher.Communities.CreateCommunityLinkAsync(new CreateCommunityLinkRequest { CommunityId = community.CommunityId })).LinkToken);
    }

    [Fact]
    public async Task DIS_2_DIS_4_CHAT_8_communities_community_chats_service_accounts_and_uploads_retried_with_their_request_id_answer_the_first_result_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("idemcommunity"));
        var school = await SchoolScenario.CreateAsync(server, students: 1);
        var op = await server.SignInOperatorAsync();

        var newCommunity = new CreateCommunityRequest
        {
            Kind = CommunityKind.MethodicalAssociation,
            Title = "МО учителей",
            Description = "Проверка",
            ModeratorIds = { school.Teacher.UserId },
            ClientRequestId = "community-1",
        };
        var community = (await op.Communities.CreateCommunityAsync(newCommunity)).Community;
        Assert.Equal(community.CommunityId, (await op.Communities.CreateCommunityAsync(newCommunity)).Community.CommunityId);
        var other = newCommunity.Clone();
        other.ClientRequestId = "";
        Assert.NotEqual(community.CommunityId, (await op.Communities.CreateCommunityAsync(other)).Community.CommunityId);
        var communities = (await op.Communities.ListCommunitiesAsync(new ListCommunitiesRequest { PageSize = 100 })).Communities;
        Assert.Single(communities, c => c.CommunityId == community.CommunityId);
        Assert.Equal(2, communities.Count(c => c.Title == "МО учителей"));

        var newChat = new CreateCommunityChatRequest
        {
            CommunityId = community.CommunityId,
            Kind = ChatKind.CommunityChat,
            Title = "Обсуждение",
            RuleClauses = { "Уважайте друг друга." },
            ClientRequestId = "community-chat-1",
        };
        var chat = (await school.Teacher.Communities.CreateCommunityChatAsync(newChat)).Chat;
        Assert.Equal(chat.ChatId, (await school.Teacher.Communities.CreateCommunityChatAsync(newChat)).Chat.ChatId);
        Assert.Single((await school.Teacher.Communities.ListCommunityChatsAsync(new ListCommunityChatsRequest { CommunityId = community.CommunityId })).Chats);

        var access = new StatisticsAccessService.StatisticsAccessServiceClient(op.Invoker);
        var newAccount = new CreateServiceAccountRequest { Name = "Аналитика", ClientRequestId = "account-1" };
        var account = await access.CreateServiceAccountAsync(newAccount);
        var again = await access.CreateServiceAccountAsync(newAccount);
        Assert.Equal((account.Account.ClientId, account.ClientSecret), (again.Account.ClientId, again.ClientSecret));
        Assert.Single((await access.ListServiceAccountsAsync(new ListServiceAccountsRequest())).Accounts, a => a.Name == "Аналитика");
        var anonymous = new StatisticsAccessService.StatisticsAccessServiceClient(server.Channel);
        Assert.NotEmpty((await anonymous.IssueServiceTokenAsync(new IssueServiceTokenRequest { ClientId = again.Account.ClientId, ClientSecret = again.ClientSecret })).AccessToken);

        var bytes = FileUploads.Pdf(40_000);
        var header = FileUploads.Header(school.SchoolId, "план.pdf", bytes).Also(h => h.ClientRequestId = "file-1");
        var file = await FileUploads.UploadAsync(school.Teacher, header, bytes);
        Assert.Equal(file.FileId, (await FileUploads.UploadAsync(school.Teacher, header.Clone(), bytes)).FileId);
        Assert.NotEqual(file.FileId, (await FileUploads.UploadAsync(school.Teacher, FileUploads.Header(school.SchoolId, "план.pdf", bytes), bytes)).FileId);
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => FileUploads.UploadAsync(school.Teacher, FileUploads.Header(school.SchoolId, "план.pdf", bytes).Also(h => h.ClientRequestId = "bad id"), bytes), "CLIENT_REQUEST_ID_INVALID");
    }

    [Fact]
    public async Task CHAT_8_an_upload_retried_while_its_first_attempt_still_runs_is_recorded_once_by_the_retry()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("idemupload");
        await using var server = await ServerHost.StartAsync(database);
        var school = await SchoolScenario.CreateAsync(server, students: 0);
        var transfer = server.Services.GetRequiredService<IFileTransfer>();
        var teacher = new Actor(school.Teacher.UserId);
        var bytes = FileUploads.Pdf(3 * FileUploads.Chunk);
        var header = new UploadHeader(school.SchoolId, "план.pdf", "application/pdf", bytes.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes)), "file-overlap");

        // The first attempt has sent a third of the file when its client gives up and retries; both reach the server.
        var first = new HeldChunks();
        var firstUpload = transfer.UploadAsync(teacher, header, first.Read(), CancellationToken.None);
        await first.Started.WaitAsync(TimeSpan.FromMinutes(1));
        await first.WriteAsync(bytes.AsMemory(0, FileUploads.Chunk));
        var retry = new HeldChunks();
        var retryUpload = transfer.UploadAsync(teacher, header, retry.Read(), CancellationToken.None);
        await retry.Started.WaitAsync(TimeSpan.FromMinutes(1));

        // The first attempt finishes first: the retry replaced it, so it records nothing.
        await first.WriteAsync(bytes.AsMemory(FileUploads.Chunk));
        first.Complete();
        var superseded = await Assert.ThrowsAsync<DomainException>(() => firstUpload.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(FileErrors.UploadSuperseded, superseded.Code);

        await retry.WriteAsync(bytes);
        retry.Complete();
        var file = await retryUpload.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(file.FileId, (await FileUploads.UploadAsync(school.Teacher, FileUploads.Header(school.SchoolId, "план.pdf", bytes).Also(h => h.ClientRequestId = "file-overlap"), bytes)).FileId);
        Assert.Equal(bytes, (await FileUploads.DownloadAsync(school.Teacher, file.FileId)).Bytes);
        Assert.Equal(1, await TestSql.ScalarAsync(database, $"SELECT count(*) FROM files WHERE school_id = '{school.SchoolId}'"));
        Assert.Equal(1, await TestSql.ScalarAsync(database, $"SELECT refs FROM file_blobs WHERE school_id = '{school.SchoolId}' AND sha256 = '{header.Sha256}'"));
        var (used, reserved, _) = await server.Services.GetRequiredService<IGrainFactory>().GetGrain<ISchoolFileQuota>(school.SchoolId).Usage();
        Assert.Equal((bytes.Length, 0L), (used, reserved));
    }

    /// <summary>An upload's chunks as a test hands them over, with the moment the server began reading them.</summary>
    private sealed class HeldChunks
    {
        private readonly Channel<ReadOnlyMemory<byte>> chunks = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once the school admitted the upload: its bytes are asked for only then.</summary>
        public Task Started => started.Task;

        public async IAsyncEnumerable<ReadOnlyMemory<byte>> Read()
        {
            started.TrySetResult();
            await foreach (var chunk in chunks.Reader.ReadAllAsync()) yield return chunk;
        }

        public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
        {
            for (var at = 0; at < bytes.Length; at += FileUploads.Chunk)
                await chunks.Writer.WriteAsync(bytes.Slice(at, Math.Min(FileUploads.Chunk, bytes.Length - at)));
        }

        public void Complete() => chunks.Writer.Complete();
    }
}
