using DistrictSferum.Contracts.Errors;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;

namespace DistrictSferum.Tests.Api;

/// <summary>
/// The error model clients build on, through real Kestrel and Grpc.Net.Client: unspecified enums are refused naming
/// the field (and change nothing), INVALID_ARGUMENT carries google.rpc.BadRequest, RESOURCE_EXHAUSTED google.rpc.RetryInfo.
/// </summary>
public sealed class ApiErrorModelTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task ORG_5_an_invite_with_its_role_unspecified_is_refused_naming_the_field_and_creates_nothing()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        var before = await school.Admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = school.SchoolId });

        // Before API 1.0 the value 0 meant "teacher": an auto-accepting link with the role left out made teachers.
        await RpcAssert.FailsOnField(() => school.Admin.Invites.CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = school.SchoolId,
            ClassId = school.ClassId,
            AutoAccept = true,
        }), "role", CommonErrors.FieldRequired);

        var after = await school.Admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = school.SchoolId });
        Assert.Equal(before.Invites.Count, after.Invites.Count);
    }

    [Fact]
    public async Task Unspecified_or_unknown_enums_are_invalid_arguments_naming_their_field()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);

        await RpcAssert.FailsOnField(() => school.Admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Name = "7А" }),
            "kind", CommonErrors.FieldRequired);
        await RpcAssert.FailsOnField(() => school.Admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Name = "7А", Kind = (ClassKind)99 }),
            "kind", "CLASS_KIND_INVALID");
        await RpcAssert.FailsOnField(() => school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            ClassId = school.ClassId,
            Title = "Без вида",
            RuleClauses = { "Вежливость." },
        }), "kind", CommonErrors.FieldRequired);
        await RpcAssert.FailsOnField(() => school.Admin.Members.SetManagementRoleAsync(new SetManagementRoleRequest
        {
            SchoolId = school.SchoolId,
            UserId = school.Teacher.UserId,
            Holds = true,
        }), "role", CommonErrors.FieldRequired);

        var classes = await school.Admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId });
        Assert.DoesNotContain(classes.Classes, c => c.Name == "7А");
    }

    [Fact]
    public async Task Invalid_arguments_carry_a_bad_request_with_the_field_path_beside_the_error_info()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);

        var violation = await RpcAssert.FailsOnField(() => school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = ChatKind.ClassStudents,
            ClassId = school.ClassId,
            Title = "Класс",
            RuleClauses = { "Вежливость.", " " },
        }), "rule_clauses[1]", CommonErrors.FieldRequired);
        Assert.Contains("rule_clauses[1]", violation.Description);

        await RpcAssert.FailsOnField(() => school.Admin.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = school.SchoolId, JournalUrl = "not a url" }),
            "journal_url", "URL_INVALID", "ORG-2");
        await RpcAssert.FailsOnField(() => school.Admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = "../etc" }), "school_id", CommonErrors.IdInvalid);
    }

    [Fact]
    public async Task CHAT_7_a_rate_limited_send_says_when_to_retry_and_a_retry_then_succeeds()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var spammer = school.Students[0];
        SendMessageRequest Text(int i) => new() { ChatId = chat.ChatId, ClientKey = $"burst-{i}", Body = $"сообщение {i}" };
        var sent = 0;
        RpcException? refused = null;
        while (refused is null && sent < 100)
        {
            try
            {
                await spammer.Chats.SendMessageAsync(Text(sent));
                sent++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        var retry = refused.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        var delay = retry.RetryDelay.ToTimeSpan();
        Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal("SEND_RATE_LIMITED", refused.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);

        Server.Clock.Advance(delay);
        await spammer.Chats.SendMessageAsync(Text(sent));
    }

    [Fact]
    public async Task Too_many_sign_in_codes_say_when_the_next_one_can_be_requested()
    {
        var auth = new AuthService.AuthServiceClient(Server.Channel);
        var contact = "retry-info@example.org";
        for (var i = 0; i < 5; i++) await auth.RequestCodeAsync(new RequestCodeRequest { Contact = contact });

        var e = await RpcAssert.Fails(StatusCode.ResourceExhausted, () => auth.RequestCodeAsync(new RequestCodeRequest { Contact = contact }), "CODE_RATE_LIMITED");
        var delay = e.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan();

        Assert.InRange(delay, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Server.Clock.Advance(delay + TimeSpan.FromSeconds(1));
        await auth.RequestCodeAsync(new RequestCodeRequest { Contact = contact });
    }
}
