using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;
using Npgsql;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>
/// Issue 8: administrative actions go to a tamper-evident admin audit, a school's chain and the district's; the
/// district keeps its operators (never the last), and a restart does not bring a removed configured operator back.
/// </summary>
public sealed class AdminAuditEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task ORG_16_a_schools_admin_audit_records_administrative_actions_verifies_and_detects_an_altered_row()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var newcomer = await school.AddTeacherAsync(verified: false);
        var admin = school.Admin;
        await admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
        await admin.Members.AppointAdministratorAsync(new AppointAdministratorRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
        await admin.Members.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = school.SchoolId, UserId = school.Teacher.UserId });
        var lostPhone = (await school.Students[0].Sessions.ListSessionsAsync(new ListSessionsRequest())).Sessions[0].SessionId;
        await admin.Sessions.RevokeSessionAsync(new RevokeSessionRequest { SessionId = lostPhone, UserId = school.Students[0].UserId, SchoolId = school.SchoolId });

        var rows = (await admin.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { SchoolId = school.SchoolId, PageSize = 500 })).Entries;
        Assert.All(rows, r => Assert.Equal(school.SchoolId, r.Chain));
        Assert.Equal(rows.Select(r => r.Seq).OrderDescending(), rows.Select(r => r.Seq));
        Assert.Contains(rows, r => r.Action == "teacher_verified" && r.ActorId == admin.UserId && r.SubjectUserId == newcomer.UserId);
        Assert.Contains(rows, r => r.Action == "administrator_appointed" && r.SubjectUserId == newcomer.UserId);
        Assert.Contains(rows, r => r.Action == "verification_withdrawn" && r.SubjectUserId == school.Teacher.UserId);
        Assert.Contains(rows, r => r.Action == "invite_created" && r.ActorId == admin.UserId);
        Assert.Contains(rows, r => r.Action == "session_revoked" && r.SubjectUserId == school.Students[0].UserId && r.Detail.Contains(lostPhone, StringComparison.Ordinal));
        var intact = await admin.AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest { SchoolId = school.SchoolId });
        Assert.True(intact.Intact);
        Assert.Equal(rows.Count, intact.RowsChecked);

        // Readers: the school's administrators (the new one too) and operators; a teacher is refused.
        await newcomer.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { SchoolId = school.SchoolId });
        await (await Server.SignInOperatorAsync()).AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest { SchoolId = school.SchoolId });
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => school.Teacher.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { SchoolId = school.SchoolId }), "NOT_SUPERVISOR", "ORG-16");
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => admin.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest()), "NOT_OPERATOR");

        // Someone with write access to the database rewrites who was verified: the chain breaks at that row.
        var altered = rows.Single(r => r.Action == "teacher_verified" && r.SubjectUserId == newcomer.UserId).Seq;
        await using (var db = new NpgsqlConnection(Server.ConnectionString))
        {
            await db.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE admin_audit SET subject_user_id = 'someone-else' WHERE school_id = @s AND seq = @q", db);
            update.Parameters.AddWithValue("s", school.SchoolId);
            update.Parameters.AddWithValue("q", altered);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var broken = await admin.AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest { SchoolId = school.SchoolId });
        Assert.False(broken.Intact);
        Assert.Equal(altered, broken.FirstBrokenSeq);
    }

    [Fact]
    public async Task ORG_1_operators_are_listed_added_and_removed_never_the_last_and_the_district_audit_records_it()
    {
        var op = await Server.SignInOperatorAsync();
        var before = (await op.District.ListOperatorsAsync(new ListOperatorsRequest())).Operators;
        Assert.Contains(before, o => o.UserId == op.UserId);

        var second = (await op.District.AddOperatorAsync(new AddOperatorRequest { Contact = "+79996710001", DisplayName = "Второй Оператор" })).UserId;
        var listed = (await op.District.ListOperatorsAsync(new ListOperatorsRequest())).Operators;
        Assert.Contains(listed, o => o.UserId == second && o.DisplayName == "Второй Оператор");
        var secondSession = await Server.SignInAsync("+79996710001");
        await secondSession.District.ListSchoolsAsync(new ListSchoolsRequest());

        await op.District.RemoveOperatorAsync(new RemoveOperatorRequest { UserId = second });
        Assert.DoesNotContain((await op.District.ListOperatorsAsync(new ListOperatorsRequest())).Operators, o => o.UserId == second);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => secondSession.District.ListSchoolsAsync(new ListSchoolsRequest()), "NOT_OPERATOR");
        await RpcAssert.Fails(StatusCode.NotFound, () => op.District.RemoveOperatorAsync(new RemoveOperatorRequest { UserId = second }), "OPERATOR_NOT_FOUND");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => secondSession.District.ListOperatorsAsync(new ListOperatorsRequest()), "NOT_OPERATOR");

        var district = (await op.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { PageSize = 500 })).Entries;
        Assert.Contains(district, r => r.Action == "operator_added" && r.ActorId == op.UserId && r.SubjectUserId == second);
        Assert.Contains(district, r => r.Action == "operator_removed" && r.ActorId == op.UserId && r.SubjectUserId == second);
        Assert.True((await op.AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest())).Intact);
    }

    [Fact]
    public async Task ORG_1_the_last_operator_cannot_be_removed_and_a_restart_does_not_bring_back_a_removed_configured_operator()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("operators");
        string first;
        await using (var server = await ServerHost.StartAsync(database))
        {
            var op = await server.SignInOperatorAsync();
            first = op.UserId;
            await RpcAssert.Fails(StatusCode.FailedPrecondition,
                () => op.District.RemoveOperatorAsync(new RemoveOperatorRequest { UserId = op.UserId }), "LAST_OPERATOR", "ORG-1");
            await op.District.AddOperatorAsync(new AddOperatorRequest { Contact = "+79996720001", DisplayName = "Сменщик" });
            await op.District.RemoveOperatorAsync(new RemoveOperatorRequest { UserId = op.UserId });
        }

        // The configured operator is still configured; there are operators, so the bootstrap adds nobody.
        await using (var restarted = await ServerHost.StartAsync(database))
        {
            var again = await restarted.SignInOperatorAsync();
            Assert.Equal(first, again.UserId);
            await RpcAssert.Fails(StatusCode.PermissionDenied, () => again.District.ListSchoolsAsync(new ListSchoolsRequest()), "NOT_OPERATOR");
            var successor = await restarted.SignInAsync("+79996720001");
            Assert.Single((await successor.District.ListOperatorsAsync(new ListOperatorsRequest())).Operators);
        }
    }
}
