using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// Issue 15: a class keeps its links and requests, the school its members. Following an auto-accepting link writes
/// twice (the class: the link's use and the accepted request; then the school: the member). A crash between the two
/// writes must neither lose the admission nor count the link twice: the class admits the request again when it wakes.
/// </summary>
public sealed class AdmissionRecoveryTests
{
    [Fact]
    public async Task ORG_8_an_admission_cut_off_between_the_class_and_the_school_completes_after_a_restart_and_counts_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("admissionrecovery");
        SchoolScenario school;
        Session newcomer;
        string firstLink;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 1, parents: 0);
            newcomer = await first.SignInAsync(school.NextPhone());
            var link = await school.Admin.Invites.CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school.SchoolId,
                ClassId = school.ClassId,
                Role = JoinRole.Student,
                AutoAccept = true,
                MaxUses = 5,
            });
            firstLink = link.Invite.InviteId;

            // The school cannot store the newcomer: the class has already committed the link's use and the accepted request.
            await TestSql.ExecuteAsync(database, $"""
                CREATE FUNCTION refuse_member() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'injected fault: the school crashed before its write'; END $$;
                CREATE TRIGGER refuse_member BEFORE INSERT ON school_members FOR EACH ROW
                  WHEN (NEW.user_id = '{newcomer.UserId}') EXECUTE FUNCTION refuse_member();
                """);
            await Assert.ThrowsAsync<RpcException>(() => newcomer.Invites.FollowInviteAsync(new FollowInviteRequest { Token = link.Token }).ResponseAsync);
            Assert.Equal(1, await TestSql.ScalarAsync(database, $"SELECT count(*) FROM school_join_requests WHERE school_id = '{school.SchoolId}' AND user_id = '{newcomer.UserId}'"));
        }

        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_member ON school_members; DROP FUNCTION refuse_member();");
        await using var second = await ServerHost.StartAsync(database);
        var admin = school.Admin.On(second.Channel);

        // Someone else joining the class wakes it; the cut-off admission completes without the newcomer asking again.
        var another = await admin.Invites.CreateInviteAsync(new CreateInviteRequest
        {
            SchoolId = school.SchoolId,
            ClassId = school.ClassId,
            Role = JoinRole.Student,
            AutoAccept = true,
        });
        var later = await second.SignInAsync(school.NextPhone());
        await later.Invites.FollowInviteAsync(new FollowInviteRequest { Token = another.Token });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await admin.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId, PageSize = 100 })).Members.Any(m => m.UserId == newcomer.UserId))
            await Task.Delay(200, deadline.Token);

        var invites = await admin.Invites.ListInvitesAsync(new ListInvitesRequest { SchoolId = school.SchoolId });
        Assert.Equal(1, invites.Invites.Single(i => i.InviteId == firstLink).Uses);
        // The admitted request's row goes with the class's next save.
        while (await TestSql.ScalarAsync(database, $"SELECT count(*) FROM school_join_requests WHERE school_id = '{school.SchoolId}' AND user_id = '{newcomer.UserId}'") != 0)
            await Task.Delay(200, deadline.Token);
        Assert.Equal(1, await TestSql.ScalarAsync(database, $"SELECT count(*) FROM school_movements WHERE school_id = '{school.SchoolId}' AND user_id = '{newcomer.UserId}'"));
        var me = await newcomer.On(second.Channel).Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId });
        Assert.Equal(school.SchoolId, me.School.SchoolId);
    }
}
