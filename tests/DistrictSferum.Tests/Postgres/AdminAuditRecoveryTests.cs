using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;

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

    [Fact]
    public async Task ORG_11_ORG_8_class_actions_session_revocations_suspensions_and_communities_keep_their_audit_intent_through_a_restart_and_are_audited_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("auditintents");
        var settings = new Dictionary<string, string?> { ["Audit:IntentSweep"] = "00:00:01" };
        SchoolScenario school;
        string created, revoked, communityId;
        await using (var first = await ServerHost.StartAsync(database, settings: settings))
        {
            school = await SchoolScenario.CreateAsync(first, students: 1);
            var op = await first.SignInOperatorAsync();
            var asking = await first.SignInAsync(school.NextPhone());
            var pending = await school.Admin.Invites.CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school.SchoolId,
                ClassId = school.ClassId,
                Role = JoinRole.Teacher,
                AutoAccept = false,
                MaxUses = 1,
            });
            await asking.Invites.FollowInviteAsync(new FollowInviteRequest { Token = pending.Token });
            var session = (await school.Admin.Sessions.ListSessionsAsync(new ListSessionsRequest { UserId = school.Teacher.UserId, SchoolId = school.SchoolId })).Sessions[0];

            // The audit chain is down: an operator's change of the school's application commits both its rows (the
            // school's and the district's) with the school's write.
            await TestSql.ExecuteAsync(database, """
                CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'injected fault: % is down', TG_TABLE_NAME; END $$;
                CREATE TRIGGER refuse_audit BEFORE INSERT ON admin_audit FOR EACH ROW EXECUTE FUNCTION refuse_write();
                """);
            await op.Oversight.UpdateSchoolApplicationAsync(new UpdateSchoolApplicationRequest
            {
                SchoolId = school.SchoolId,
                AdminFullName = "Новая Администраторша",
                AdminEmail = "audit.admin@school.example",
                AdminPhone = school.NextPhone(),
                OrderNumber = "77-к",
                OrderDate = "2026-11-21",
            });

            // And now the school's own write too: each action below is committed by its class, the sessions table or its
            // grain's state, and must carry its audit intent with it.
            await TestSql.ExecuteAsync(database, "CREATE TRIGGER refuse_school BEFORE UPDATE ON school_state FOR EACH ROW EXECUTE FUNCTION refuse_write();");
            created = (await school.Admin.Invites.CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school.SchoolId,
                ClassId = school.ClassId,
                Role = JoinRole.Student,
                AutoAccept = true,
                MaxUses = 1,
            })).Invite.InviteId;
            revoked = (await school.Admin.Invites.CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school.SchoolId,
                ClassId = school.ClassId,
                Role = JoinRole.Student,
                AutoAccept = true,
                MaxUses = 1,
            })).Invite.InviteId;
            await school.Admin.Invites.RevokeInviteAsync(new RevokeInviteRequest { SchoolId = school.SchoolId, InviteId = revoked });
            Assert.Equal(1, (await school.Admin.Invites.AnnulUnusedInvitesAsync(new AnnulUnusedInvitesRequest { SchoolId = school.SchoolId })).Annulled);
            var request = (await school.Admin.Members.ListJoinRequestsAsync(new ListJoinRequestsRequest { SchoolId = school.SchoolId })).Requests.Single();
            await school.Admin.Members.DecideJoinRequestAsync(new DecideJoinRequestRequest { SchoolId = school.SchoolId, RequestId = request.RequestId, Accept = false });
            await school.Admin.Sessions.RevokeSessionAsync(new RevokeSessionRequest { SessionId = session.SessionId, UserId = school.Teacher.UserId, SchoolId = school.SchoolId });
            await op.Oversight.SuspendSchoolAsync(new SuspendSchoolRequest { SchoolId = school.SchoolId, Reason = "Проверка аудита" });
            await op.Oversight.ResumeSchoolAsync(new ResumeSchoolRequest { SchoolId = school.SchoolId });
            communityId = (await op.Communities.CreateCommunityAsync(new CreateCommunityRequest
            {
                Kind = CommunityKind.MethodicalAssociation,
                Title = "МО аудита",
                Description = "Проверка",
                ModeratorIds = { school.Teacher.UserId },
            })).Community.CommunityId;
            Assert.True(await TestSql.ScalarAsync(database, "SELECT count(*) FROM admin_audit_outbox") >= 6);
        }

        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_audit ON admin_audit; DROP TRIGGER refuse_school ON school_state; DROP FUNCTION refuse_write();");
        await using var second = await ServerHost.StartAsync(database, settings: settings);
        var admin = school.Admin.On(second.Channel);
        var district = await second.SignInOperatorAsync();
        // Reading the school's suspension and the communities wakes the grains whose state holds their intents.
        await district.Oversight.GetSchoolSuspensionAsync(new GetSchoolSuspensionRequest { SchoolId = school.SchoolId });
        await district.Communities.ListCommunitiesAsync(new ListCommunitiesRequest());

        string[] schoolActions = ["invite_created", "invite_revoked", "invites_annulled", "join_request_decided", "session_revoked"];
        string[] districtActions = ["school_suspended", "school_resumed", "community_created", "application_updated"];
        await UntilAsync(admin, school.SchoolId, rows => schoolActions.Append("application_updated").All(a => rows.Any(r => r.Action == a)));
        await UntilAsync(district, "", rows => districtActions.All(a => rows.Any(r => r.Action == a && r.Detail.Contains(a == "community_created" ? communityId : school.SchoolId))));

        // Once each, the chains whole, nothing left behind.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var schoolRows = (await admin.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { SchoolId = school.SchoolId, PageSize = 500 })).Entries.ToList();
        Assert.Single(schoolRows, r => r.Action == "invite_created" && r.Detail.Contains(created));
        Assert.Single(schoolRows, r => r.Action == "invite_created" && r.Detail.Contains(revoked));
        Assert.Single(schoolRows, r => r.Action == "invite_revoked" && r.Detail.Contains(revoked));
        Assert.Single(schoolRows, r => r.Action == "invites_annulled");
        Assert.Single(schoolRows, r => r.Action == "join_request_decided" && r.Detail.StartsWith("rejected", StringComparison.Ordinal));
        Assert.Single(schoolRows, r => r.Action == "session_revoked" && r.SubjectUserId == school.Teacher.UserId);
        Assert.Single(schoolRows, r => r.Action == "application_updated" && r.Detail.Contains("77-к"));
        var districtRows = (await district.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { PageSize = 500 })).Entries.ToList();
        Assert.Single(districtRows, r => r.Action == "school_suspended" && r.Detail.Contains(school.SchoolId));
        Assert.Single(districtRows, r => r.Action == "school_resumed" && r.Detail.Contains(school.SchoolId));
        Assert.Single(districtRows, r => r.Action == "community_created" && r.Detail.Contains(communityId));
        Assert.Single(districtRows, r => r.Action == "application_updated" && r.Detail.Contains(school.SchoolId) && r.Detail.Contains("77-к"));
        Assert.True((await admin.AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest { SchoolId = school.SchoolId })).Intact);
        Assert.True((await district.AdminAudit.VerifyAdminAuditAsync(new VerifyAdminAuditRequest())).Intact);
        Assert.Equal(0, await TestSql.ScalarAsync(database, "SELECT count(*) FROM admin_audit_outbox"));
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
