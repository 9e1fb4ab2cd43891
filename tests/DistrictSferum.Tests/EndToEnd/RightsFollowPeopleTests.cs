using System.Diagnostics;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>A person who loses a right loses it at once, open streams included; an unverified teacher sees only staff.</summary>
public sealed class RightsFollowPeopleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Felt = TimeSpan.FromSeconds(5);

    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task ORG_16_a_demoted_administrators_WatchModeration_ends_within_seconds_though_nothing_happens()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        var second = await school.AddTeacherAsync();
        await school.Admin.Members.AppointAdministratorAsync(new AppointAdministratorRequest { SchoolId = school.SchoolId, UserId = second.UserId });
        using var watch = second.Moderation.WatchModeration(new WatchModerationRequest { SchoolId = school.SchoolId });
        var reading = watch.ResponseStream.MoveNext(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(reading.IsCompleted);

        var clock = Stopwatch.StartNew();
        await school.Admin.Members.RemoveAdministratorAsync(new RemoveAdministratorRequest { SchoolId = school.SchoolId, UserId = second.UserId });
        var ended = await Assert.ThrowsAsync<RpcException>(() => reading.WaitAsync(Felt));

        Assert.Equal(StatusCode.PermissionDenied, ended.StatusCode);
        Assert.Equal("NOT_SUPERVISOR", ended.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        Assert.True(clock.Elapsed < Felt, $"ended after {clock.Elapsed}");
    }

    [Fact]
    public async Task ORG_9_CHAT_5_an_unverified_teacher_sees_the_staff_but_no_pupil_parent_or_family_and_withdrawal_takes_it_back()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2, parents: 1);
        var newcomer = await school.AddTeacherAsync(verified: false);
        var pupil = school.Students[0];

        var seen = await newcomer.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId });
        Assert.Contains(seen.Members, m => m.UserId == school.Admin.UserId);
        Assert.Contains(seen.Members, m => m.UserId == school.Teacher.UserId);
        Assert.DoesNotContain(seen.Members, m => school.Students.Concat(school.Parents).Any(p => p.UserId == m.UserId));
        Assert.DoesNotContain((await newcomer.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId, ClassId = school.ClassId })).Members,
            m => m.UserId != school.Teacher.UserId);
        await RpcAssert.Fails(StatusCode.NotFound, () => newcomer.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = pupil.UserId }), "MEMBER_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => newcomer.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = school.Parents[0].UserId }), "MEMBER_NOT_FOUND");

        // Verified, they see the school; withdrawn, they are back to staff only and may not lead the school.
        await school.Admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
        Assert.Contains((await newcomer.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId })).Members, m => m.UserId == pupil.UserId);
        await school.Admin.Members.SetManagementRoleAsync(new SetManagementRoleRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId, Role = SchoolRole.Deputy, Holds = true });

        var withdrawn = await school.Admin.Members.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
        Assert.False(withdrawn.Member.VerifiedTeacher);
        Assert.DoesNotContain((await newcomer.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId })).Members, m => m.UserId == pupil.UserId);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Admin.Members.SetManagementRoleAsync(
            new SetManagementRoleRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId, Role = SchoolRole.Deputy, Holds = true }), "TEACHER_NOT_VERIFIED", "ORG-9");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => newcomer.Members.WithdrawVerificationAsync(
            new WithdrawVerificationRequest { SchoolId = school.SchoolId, UserId = school.Teacher.UserId }), "NOT_ADMINISTRATOR", "ORG-9");
    }

    [Fact]
    public async Task ORG_9_CHAT_5_withdrawn_verification_takes_the_teacher_out_of_the_staff_room_staff_channel_and_subject_chats_and_their_stream_within_seconds()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var teacher = await school.AddTeacherAsync();
        var staffRoom = await school.ChatAsync(school.Admin, ChatKind.StaffRoom, [teacher, school.Teacher], "Учительская");
        var subject = await school.ChatAsync(school.Teacher, ChatKind.Subject, [teacher, school.Students[0]], "Математика 6А");
        var channel = (await school.Admin.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId })).Chats.Single(c => c.Kind == ChatKind.StaffChannel);
        await teacher.Chats.JoinChatAsync(new JoinChatRequest { ChatId = channel.ChatId, AcceptedRulesVersion = channel.Rules.Version });
        channel = (await teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = channel.ChatId })).Chat;
        var staffChats = new[] { staffRoom, subject, channel };
        await using var stream = StreamRecorder.Open(teacher, staffChats.Select(c => (c.ChatId, c.LastSeq)).ToArray());
        await stream.UntilAsync(r => staffChats.All(c => r.CaughtUp(c.ChatId)));

        var clock = Stopwatch.StartNew();
        await school.Admin.Members.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = school.SchoolId, UserId = teacher.UserId });
        await stream.UntilAsync(r => staffChats.All(c => r.EventsOf(c.ChatId).Any(e => e.Kind == ChatEventKind.MemberRemoved && e.SubjectUserId == teacher.UserId)), Felt);
        Assert.True(clock.Elapsed < Felt, $"the removals reached the stream after {clock.Elapsed}");

        // Nothing more of those chats reaches them, and they cannot come back until verified again.
        await school.Admin.Chats.SendMessageAsync(new SendMessageRequest { ChatId = staffRoom.ChatId, ClientKey = "after-withdrawal", Body = "после отзыва" });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(stream.EventsOf(staffRoom.ChatId), e => e.Body == "после отзыва");
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => teacher.Chats.JoinChatAsync(new JoinChatRequest { ChatId = channel.ChatId, AcceptedRulesVersion = channel.Rules.Version }), "TEACHER_NOT_VERIFIED", "ORG-9");
        var mine = await teacher.Chats.ListMyChatsAsync(new ListMyChatsRequest());
        Assert.DoesNotContain(mine.Chats, c => staffChats.Any(s => s.ChatId == c.Chat.ChatId));
        // Only they left: the others keep their places.
        var staffRoomMembers = await school.Admin.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = staffRoom.ChatId });
        Assert.Contains(staffRoomMembers.Members, m => m.UserId == school.Teacher.UserId);
        Assert.DoesNotContain(staffRoomMembers.Members, m => m.UserId == teacher.UserId);
    }

    [Fact]
    public async Task ORG_9_CHAT_5_a_teacher_placed_in_a_class_by_its_link_joins_none_of_its_chats_and_sees_none_of_its_pupils_until_verified()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1, parents: 1);
        var pupils = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students, "6А ученики");
        var parents = await school.ChatAsync(school.Teacher, ChatKind.ClassParents, school.Parents, "6А родители");
        var classChats = new[] { pupils, parents };
        var newcomer = await school.AddTeacherAsync(verified: false, classId: school.ClassId);
        Assert.Contains((await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId })).Member.Classes,
            p => p.ClassId == school.ClassId && p.Role == JoinRole.Teacher);

        // Neither through a link nor through an invitation, and the class's roster shows only its staff.
        foreach (var chat in classChats)
        {
            var link = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId });
            await RpcAssert.Fails(StatusCode.PermissionDenied, () => newcomer.Chats.JoinChatAsync(
                new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = chat.Rules.Version }), "TEACHER_NOT_VERIFIED", "ORG-9");
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Chats.InviteToChatAsync(
                new InviteToChatRequest { ChatId = chat.ChatId, UserId = newcomer.UserId }), "TEACHER_NOT_VERIFIED", "ORG-9");
        }

        var visible = await newcomer.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId });
        Assert.DoesNotContain(visible.Chats, c => classChats.Any(k => k.ChatId == c.ChatId));
        var roster = await newcomer.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId, ClassId = school.ClassId });
        Assert.DoesNotContain(roster.Members, m => school.Students.Concat(school.Parents).Any(p => p.UserId == m.UserId));
        await RpcAssert.Fails(StatusCode.NotFound, () => newcomer.Members.GetMemberAsync(
            new GetMemberRequest { SchoolId = school.SchoolId, UserId = school.Students[0].UserId }), "MEMBER_NOT_FOUND", "DIS-1");

        // Verified, they join; withdrawn, the class chats let them go again.
        await school.Admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
        foreach (var chat in classChats)
        {
            var link = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId });
            await newcomer.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = chat.Rules.Version });
        }

        Assert.Contains((await newcomer.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId, ClassId = school.ClassId })).Members,
            m => m.UserId == school.Students[0].UserId);
        await school.Admin.Members.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
        using var deadline = new CancellationTokenSource(Felt);
        foreach (var chat in classChats)
        {
            while ((await school.Teacher.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = chat.ChatId })).Members.Any(m => m.UserId == newcomer.UserId))
                await Task.Delay(100, deadline.Token);
        }
    }

    [Fact]
    public async Task ORG_16_a_removed_administrator_leaves_the_admins_chat_and_its_stream_within_seconds()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        await school.Admin.Members.AppointAdministratorAsync(new AppointAdministratorRequest { SchoolId = school.SchoolId, UserId = school.Teacher.UserId });
        var admins = await school.ChatAsync(school.Admin, ChatKind.Admins, [school.Teacher], "Администрация");
        await using var stream = StreamRecorder.Open(school.Teacher, (admins.ChatId, admins.LastSeq));
        await stream.UntilAsync(r => r.CaughtUp(admins.ChatId));

        var clock = Stopwatch.StartNew();
        await school.Admin.Members.RemoveAdministratorAsync(new RemoveAdministratorRequest { SchoolId = school.SchoolId, UserId = school.Teacher.UserId });
        await stream.UntilAsync(r => r.EventsOf(admins.ChatId).Any(e => e.Kind == ChatEventKind.MemberRemoved && e.SubjectUserId == school.Teacher.UserId), Felt);
        Assert.True(clock.Elapsed < Felt, $"the removal reached the stream after {clock.Elapsed}");

        await school.Admin.Chats.SendMessageAsync(new SendMessageRequest { ChatId = admins.ChatId, ClientKey = "after-demotion", Body = "после снятия" });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(stream.EventsOf(admins.ChatId), e => e.Body == "после снятия");
        var members = await school.Admin.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = admins.ChatId });
        Assert.DoesNotContain(members.Members, m => m.UserId == school.Teacher.UserId);
    }

    [Fact]
    public async Task ETH_9_a_member_who_leaves_the_school_stops_receiving_its_chat_within_seconds_with_no_further_event_in_it()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var leaver = school.Students[1];
        await using var stream = StreamRecorder.Open(leaver, (chat.ChatId, chat.LastSeq));
        await stream.UntilAsync(r => r.CaughtUp(chat.ChatId));

        var clock = Stopwatch.StartNew();
        await school.Admin.Members.RecordStudentLeftAsync(new RecordStudentLeftRequest { SchoolId = school.SchoolId, UserId = leaver.UserId });
        await stream.UntilAsync(r => r.EventsOf(chat.ChatId).Any(e => e.Kind == ChatEventKind.MemberRemoved && e.SubjectUserId == leaver.UserId), Felt);
        Assert.True(clock.Elapsed < Felt, $"the removal reached the stream after {clock.Elapsed}");

        await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "after-leaving", Body = "после ухода" });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(stream.EventsOf(chat.ChatId), e => e.Body == "после ухода");
    }
}
