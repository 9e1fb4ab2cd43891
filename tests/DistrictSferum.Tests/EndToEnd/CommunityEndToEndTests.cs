using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>District communities (issue 14, DIS-2, DIS-1's exception, ETH-9) through real gRPC and PostgreSQL.</summary>
public sealed class CommunityEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private async Task<(SchoolScenario A, SchoolScenario B, Session Op, Community Community)> CommunityAsync()
    {
        var a = await SchoolScenario.CreateAsync(Server, students: 1);
        var b = await SchoolScenario.CreateAsync(Server, students: 1);
        var op = await Server.SignInOperatorAsync();
        var community = (await op.Communities.CreateCommunityAsync(new CreateCommunityRequest
        {
            Kind = CommunityKind.MethodicalAssociation,
            Title = "МО учителей математики",
            Description = "Открытые уроки и олимпиады",
            ModeratorIds = { a.Teacher.UserId },
        })).Community;
        return (a, b, op, community);
    }

    [Fact]
    public async Task DIS_2_operators_create_communities_that_verified_teachers_of_other_schools_join_by_request_or_link()
    {
        var (a, b, op, community) = await CommunityAsync();
        Assert.Equal([a.Teacher.UserId], community.ModeratorIds);
        Assert.Equal(1, community.MemberCount);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => a.Teacher.Communities.CreateCommunityAsync(new CreateCommunityRequest
        {
            Kind = CommunityKind.Project,
            Title = "Проект",
            ModeratorIds = { a.Teacher.UserId },
        }), "NOT_OPERATOR");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => op.Communities.CreateCommunityAsync(new CreateCommunityRequest
        {
            Kind = CommunityKind.Project,
            Title = "Проект",
            ModeratorIds = { a.Students[0].UserId },
        }), "NOT_VERIFIED_TEACHER_OF_DISTRICT", "DIS-2");
        await RpcAssert.FailsOnField(() => op.Communities.CreateCommunityAsync(new CreateCommunityRequest { Kind = CommunityKind.Project, Title = "Проект" }),
            "moderator_ids", "MODERATORS_REQUIRED");

        // A verified teacher of another school finds it and asks; the moderator sees the request with the school's short name and accepts.
        Assert.Contains((await b.Teacher.Communities.ListCommunitiesAsync(new ListCommunitiesRequest { PageSize = 500 })).Communities,
            c => c.CommunityId == community.CommunityId);
        await b.Teacher.Communities.RequestToJoinCommunityAsync(new RequestToJoinCommunityRequest { CommunityId = community.CommunityId });
        var pending = Assert.Single((await a.Teacher.Communities.ListCommunityJoinRequestsAsync(new ListCommunityJoinRequestsRequest { CommunityId = community.CommunityId })).Requests);
        Assert.Equal(b.Teacher.UserId, pending.UserId);
        var bShortName = (await b.Admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = b.SchoolId })).School.Info.ShortName;
        Assert.Equal([bShortName], pending.SchoolShortNames);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => b.Teacher.Communities.DecideCommunityJoinRequestAsync(new DecideCommunityJoinRequestRequest
        {
            CommunityId = community.CommunityId,
            UserId = b.Teacher.UserId,
            Accept = true,
        }), "NOT_COMMUNITY_MODERATOR", "DIS-2");
        await a.Teacher.Communities.DecideCommunityJoinRequestAsync(new DecideCommunityJoinRequestRequest
        {
            CommunityId = community.CommunityId,
            UserId = b.Teacher.UserId,
            Accept = true,
        });

        // By link: a verified teacher joins at once; an unverified teacher and a student are refused and change nothing.
        var link = (await a.Teacher.Communities.CreateCommunityLinkAsync(new CreateCommunityLinkRequest { CommunityId = community.CommunityId })).LinkToken;
        var newcomer = await b.AddTeacherAsync();
        Assert.Equal(3, (await newcomer.Communities.JoinCommunityAsync(new JoinCommunityRequest { LinkToken = link })).Community.MemberCount);
        var unverified = await b.AddTeacherAsync(verified: false);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => unverified.Communities.JoinCommunityAsync(new JoinCommunityRequest { LinkToken = link }),
            "NOT_VERIFIED_TEACHER_OF_DISTRICT", "DIS-2");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => b.Students[0].Communities.JoinCommunityAsync(new JoinCommunityRequest { LinkToken = link }),
            "NOT_VERIFIED_TEACHER_OF_DISTRICT");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => newcomer.Communities.JoinCommunityAsync(new JoinCommunityRequest { LinkToken = link + "x" }),
            "COMMUNITY_LINK_INVALID");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => b.Students[0].Communities.ListCommunitiesAsync(new ListCommunitiesRequest()), "NOT_VERIFIED_TEACHER_OF_DISTRICT");
        await RpcAssert.Fails(StatusCode.NotFound, () => b.Students[0].Communities.GetCommunityAsync(new GetCommunityRequest { CommunityId = community.CommunityId }),
            "COMMUNITY_NOT_FOUND", "DIS-1");
        var members = (await op.Communities.ListCommunityMembersAsync(new ListCommunityMembersRequest { CommunityId = community.CommunityId })).Members;
        Assert.Equal(new[] { a.Teacher.UserId, b.Teacher.UserId, newcomer.UserId }.Order(), members.Select(m => m.UserId).Order());

        // Leaving is voluntary; the last moderator hands over first.
        await newcomer.Communities.LeaveCommunityAsync(new LeaveCommunityRequest { CommunityId = community.CommunityId });
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => a.Teacher.Communities.LeaveCommunityAsync(new LeaveCommunityRequest { CommunityId = community.CommunityId }),
            "LAST_COMMUNITY_MODERATOR");
        Assert.Equal(2, (await b.Teacher.Communities.GetCommunityAsync(new GetCommunityRequest { CommunityId = community.CommunityId })).Community.MemberCount);
    }

    [Fact]
    public async Task DIS_2_the_last_moderator_hands_over_to_a_member_and_leaves_and_operators_appoint_and_remove_moderators_audited()
    {
        var (a, b, op, community) = await CommunityAsync();
        var id = community.CommunityId;
        SetCommunityModeratorRequest Set(string userId, bool moderator) => new() { CommunityId = id, UserId = userId, Moderator = moderator };
        var link = (await a.Teacher.Communities.CreateCommunityLinkAsync(new CreateCommunityLinkRequest { CommunityId = id })).LinkToken;
        await b.Teacher.Communities.JoinCommunityAsync(new JoinCommunityRequest { LinkToken = link });
        var outsider = await b.AddTeacherAsync();

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => b.Teacher.Communities.SetCommunityModeratorAsync(Set(b.Teacher.UserId, true)), "NOT_COMMUNITY_MODERATOR", "DIS-2");
        await RpcAssert.Fails(StatusCode.NotFound, () => b.Students[0].Communities.SetCommunityModeratorAsync(Set(b.Students[0].UserId, true)), "COMMUNITY_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => a.Teacher.Communities.SetCommunityModeratorAsync(Set(outsider.UserId, true)), "NOT_COMMUNITY_MEMBER", "DIS-2");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => a.Teacher.Communities.SetCommunityModeratorAsync(Set(a.Teacher.UserId, false)), "LAST_COMMUNITY_MODERATOR");

        // The lone moderator hands over, then leaves of their own will.
        var handed = (await a.Teacher.Communities.SetCommunityModeratorAsync(Set(b.Teacher.UserId, true))).Community;
        Assert.Equal(new[] { a.Teacher.UserId, b.Teacher.UserId }.Order(), handed.ModeratorIds.Order());
        await a.Teacher.Communities.LeaveCommunityAsync(new LeaveCommunityRequest { CommunityId = id });
        var after = (await b.Teacher.Communities.GetCommunityAsync(new GetCommunityRequest { CommunityId = id })).Community;
        Assert.Equal([b.Teacher.UserId], after.ModeratorIds);

        // An operator, member of no community, appoints and removes; both are in the district's admin audit.
        await outsider.Communities.JoinCommunityAsync(new JoinCommunityRequest { LinkToken = link });
        await op.Communities.SetCommunityModeratorAsync(Set(outsider.UserId, true));
        Assert.Equal([b.Teacher.UserId], (await op.Communities.SetCommunityModeratorAsync(Set(outsider.UserId, false))).Community.ModeratorIds);
        var audit = (await op.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { PageSize = 500 })).Entries;
        Assert.Contains(audit, r => r.Action == "community_moderator_appointed" && r.SubjectUserId == outsider.UserId);
        Assert.Contains(audit, r => r.Action == "community_moderator_removed" && r.SubjectUserId == outsider.UserId);
    }

    [Fact]
    public async Task DIS_2_community_chats_are_joined_of_ones_own_will_under_rules_and_moderated_and_audited_like_school_chats()
    {
        var (a, b, op, community) = await CommunityAsync();
        await b.Teacher.Communities.RequestToJoinCommunityAsync(new RequestToJoinCommunityRequest { CommunityId = community.CommunityId });
        await a.Teacher.Communities.DecideCommunityJoinRequestAsync(new DecideCommunityJoinRequestRequest { CommunityId = community.CommunityId, UserId = b.Teacher.UserId, Accept = true });

        var chat = (await a.Teacher.Communities.CreateCommunityChatAsync(new CreateCommunityChatRequest
        {
            CommunityId = community.CommunityId,
            Kind = ChatKind.CommunityChat,
            Title = "Олимпиада",
            RuleClauses = { "Уважайте коллег", "Без рекламы" },
        })).Chat;
        var channel = (await a.Teacher.Communities.CreateCommunityChatAsync(new CreateCommunityChatRequest
        {
            CommunityId = community.CommunityId,
            Kind = ChatKind.CommunityChannel,
            Title = "Новости МО",
            RuleClauses = { "Только объявления" },
        })).Chat;
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => b.Teacher.Communities.CreateCommunityChatAsync(new CreateCommunityChatRequest
        {
            CommunityId = community.CommunityId,
            Kind = ChatKind.CommunityChat,
            Title = "x",
            RuleClauses = { "y" },
        }), "NOT_COMMUNITY_MODERATOR");
        Assert.Equal(2, (await b.Teacher.Communities.ListCommunityChatsAsync(new ListCommunityChatsRequest { CommunityId = community.CommunityId })).Chats.Count);

        // ETH-3: no way in without an invitation or link; ETH-4: only under the rules' current version.
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => b.Teacher.Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 1 }), "INVITATION_REQUIRED");
        await a.Teacher.Chats.InviteToChatAsync(new InviteToChatRequest { ChatId = chat.ChatId, UserId = b.Teacher.UserId });
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => b.Teacher.Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 0 }), "RULES_NOT_ACCEPTED", "ETH-4");
        await b.Teacher.Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 1 });
        var seq = (await b.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "k1", Body = "Купите мой курс!" })).Seq;
        Assert.Contains((await a.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages, m => m.Seq == seq);
        // Someone outside the community: the chat does not exist for them.
        await RpcAssert.Fails(StatusCode.NotFound, () => b.Students[0].Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 1 }), "CHAT_NOT_FOUND");
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Admin.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId }), "CHAT_NOT_FOUND");

        // The channel: members subscribe by themselves, only the community's moderators post.
        await b.Teacher.Chats.JoinChatAsync(new JoinChatRequest { ChatId = channel.ChatId, AcceptedRulesVersion = 1 });
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => b.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = channel.ChatId, ClientKey = "k2", Body = "Привет" }), "CHANNEL_READ_ONLY");
        await a.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = channel.ChatId, ClientKey = "k3", Body = "Совещание в четверг" });

        // ETH-5 and ORG-16: the moderator reminds, the community's audit chain records it for its moderators and the operators.
        await a.Teacher.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = 2 });
        var rows = (await op.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = community.CommunityId })).Entries;
        Assert.Contains(rows, r => r.ChatId == chat.ChatId && r.SubjectUserId == b.Teacher.UserId);
        Assert.True((await a.Teacher.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = community.CommunityId })).Intact);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => b.Teacher.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = community.CommunityId }), "NOT_SUPERVISOR");
    }

    [Fact]
    public async Task DIS_1_a_community_member_reads_name_badge_and_school_short_name_of_another_school_and_nothing_else()
    {
        var (a, b, op, community) = await CommunityAsync();
        await b.Teacher.Communities.RequestToJoinCommunityAsync(new RequestToJoinCommunityRequest { CommunityId = community.CommunityId });
        await a.Teacher.Communities.DecideCommunityJoinRequestAsync(new DecideCommunityJoinRequestRequest { CommunityId = community.CommunityId, UserId = b.Teacher.UserId, Accept = true });
        var bSchool = (await b.Admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = b.SchoolId })).School;
        var bName = (await b.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = b.SchoolId, UserId = b.Teacher.UserId })).Member;

        var seen = (await a.Teacher.Communities.ListCommunityMembersAsync(new ListCommunityMembersRequest { CommunityId = community.CommunityId }))
            .Members.Single(m => m.UserId == b.Teacher.UserId);
        Assert.Equal((bName.DisplayName, true, bSchool.Info.ShortName), (seen.DisplayName, seen.VerifiedTeacher, Assert.Single(seen.SchoolShortNames)));
        // The message itself can hold nothing more: these are all its fields.
        Assert.Equal(["user_id", "display_name", "verified_teacher", "school_short_names", "moderator", "joined_at"],
            CommunityMember.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name));

        // Nothing else of school B is readable by A's teacher: the school, its members, classes, chats, history, audit.
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = b.SchoolId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Members.GetMemberAsync(new GetMemberRequest { SchoolId = b.SchoolId, UserId = b.Teacher.UserId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Members.ListMembersAsync(new ListMembersRequest { SchoolId = b.SchoolId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = b.SchoolId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = b.SchoolId }));
        var bStaffChat = (await b.Teacher.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = b.SchoolId })).Chats[0];
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = bStaffChat.ChatId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = bStaffChat.ChatId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Chats.InviteToChatAsync(new InviteToChatRequest { ChatId = bStaffChat.ChatId, UserId = a.Teacher.UserId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => a.Teacher.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = b.SchoolId }));
        // And B's teacher, as a community member, reads nothing of A either.
        await RpcAssert.Fails(StatusCode.NotFound, () => b.Teacher.Members.ListMembersAsync(new ListMembersRequest { SchoolId = a.SchoolId }));
    }

    [Fact]
    public async Task ETH_9_DIS_2_leaving_the_last_district_school_ends_community_membership_and_its_chats()
    {
        var (a, b, op, community) = await CommunityAsync();
        var leaver = await b.AddTeacherAsync();
        await leaver.Communities.RequestToJoinCommunityAsync(new RequestToJoinCommunityRequest { CommunityId = community.CommunityId });
        await a.Teacher.Communities.DecideCommunityJoinRequestAsync(new DecideCommunityJoinRequestRequest { CommunityId = community.CommunityId, UserId = leaver.UserId, Accept = true });
        var chat = (await a.Teacher.Communities.CreateCommunityChatAsync(new CreateCommunityChatRequest
        {
            CommunityId = community.CommunityId,
            Kind = ChatKind.CommunityChannel,
            Title = "Новости",
            RuleClauses = { "Только объявления" },
        })).Chat;
        await leaver.Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 1 });

        await b.Admin.Members.RecordEmployeeLeftAsync(new RecordEmployeeLeftRequest { SchoolId = b.SchoolId, UserId = leaver.UserId });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await op.Communities.ListCommunityMembersAsync(new ListCommunityMembersRequest { CommunityId = community.CommunityId })).Members
               .Any(m => m.UserId == leaver.UserId))
            await Task.Delay(100, deadline.Token);
        var chatMembers = (await a.Teacher.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = chat.ChatId })).Members;
        Assert.DoesNotContain(chatMembers, m => m.UserId == leaver.UserId);
        await RpcAssert.Fails(StatusCode.NotFound, () => leaver.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId }), "CHAT_NOT_FOUND");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => leaver.Communities.RequestToJoinCommunityAsync(new RequestToJoinCommunityRequest { CommunityId = community.CommunityId }),
            "NOT_VERIFIED_TEACHER_OF_DISTRICT");
    }
}
