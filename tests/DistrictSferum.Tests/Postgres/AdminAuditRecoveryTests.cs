using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// Issue 8: an administrative action and the intent to audit it are one write; the audit row follows, exactly once,
/// even when the audit chain cannot be written at the time of the action.
/// </summary>
public sealed class AdminAuditRecoveryTests
{
    [Fact]
    public async Task ORG_9_ORG_1_actions_whose_audit_append_failed_are_audited_exactly_once_after_a_restart_and_the_chains_verify()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("auditrecovery");
        SchoolScenario school;
        Session newcomer;
        string operatorId;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 0);
            newcomer = await school.AddTeacherAsync(verified: false);

            // The audit table refuses every row: the actions are committed, their audit rows cannot be written now.
            await TestSql.ExecuteAsync(database, """
                CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'injected fault: the audit is down'; END $$;
                CREATE TRIGGER refuse_audit BEFORE INSERT ON admin_audit FOR EACH ROW EXECUTE FUNCTION refuse_audit();
                """);
            await school.Admin.Members.VerifyTeacherAsync(new VerifyTeacherRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
            await school.Admin.Members.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = school.SchoolId, UserId = newcomer.UserId });
            var op = await first.SignInOperatorAsync();
            operatorId = (await op.District.AddOperatorAsync(new AddOperatorRequest { Contact = "+79996720001", DisplayName = "Оператор Аудита" })).UserId;
        }

        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_audit ON admin_audit; DROP FUNCTION refuse_audit();");
        await using var second = await ServerHost.StartAsync(database);
        var admin = school.Admin.On(second.Channel);
        var district = await second.SignInOperatorAsync();

        var schoolRows = await UntilAsync(admin, school.SchoolId, rows =>
            rows.Any(r => r.Action == "teacher_verified" && r.SubjectUserId == newcomer.UserId) &&
            rows.Any(r => r.Action == "verification_withdrawn" && r.SubjectUserId == newcomer.UserId));
        var districtRows = await UntilAsync(district, "", rows => rows.Any(r => r.Action == "operator_added" && r.SubjectUserId == operatorId));

        // Once each, in the order they were done, and the chains are whole.
        await Task.Delay(TimeSpan.FromSeconds(1));
        schoolRows = (await admin.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { SchoolId = school.SchoolId, PageSize = 500 })).Entries.ToList();
        Assert.Single(schoolRows, r => r.Action == "teacher_verified" && r.SubjectUserId == newcomer.UserId);
        Assert.Single(schoolRows, r => r.Action == "verification_withdrawn" && r.SubjectUserId == newcomer.UserId);
        Assert.True(schoolRows.Single(r => r.Action == "teacher_verified" && r.SubjectUserId == newcomer.UserId).Seq <
                    schoolRows.Single(r => r.Action == "verification_withdrawn").Seq);
        districtRows = (await district.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { PageSize = 500 })).Entries.ToList();
        Assert.Single(districtRows, r => r.Action == "operator_added" && r.SubjectUserId == operatorId);
        Assert.True((await admin.AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest { SchoolId = school.SchoolId })).Intact);
        Assert.True((await district.AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest())).Intact);
    }

    private static async Task<List<AdminAuditEntry>> UntilAsync(Session reader, string schoolId, Func<List<AdminAuditEntry>, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var rows = (await reader.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { SchoolId = schoolId, PageSize = 500 })).Entries.ToList();
            if (done(rows)) return rows;
            await Task.Delay(200, deadline.Token);
        }
    }
}
