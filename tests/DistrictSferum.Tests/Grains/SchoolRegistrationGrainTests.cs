using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Tests.Infrastructure;
using DistrictSferum.Tests.Rules;

namespace DistrictSferum.Tests.Grains;

public sealed class SchoolRegistrationGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private IDistrictGrain District => fixture.Grains.GetGrain<IDistrictGrain>(IDistrictGrain.Key);

    private async Task<Actor> OperatorAsync() =>
        new(await fixture.Grains.GetGrain<DistrictSferum.Grains.Districts.IDistrictOperators>(IDistrictGrain.Key).BootstrapOperator(ContactAddress.Phone("+70000000001"), "Operator"));

    private static SchoolApplication Application(string name, string phone) =>
        SchoolRulesTests.Valid() with { Info = SchoolRulesTests.Valid().Info with { Name = name }, AdminPhone = phone, AdminEmail = $"{phone.Trim('+')}@school.example.org" };

    [Fact]
    public async Task ORG_1_operator_registers_a_school_and_the_appointed_administrator_signs_in_as_its_admin()
    {
        var op = await OperatorAsync();

        var school = await District.RegisterSchool(op, Application("Школа № 101", "+79990000101"));

        var phone = ContactAddress.Phone("+79990000101");
        var contact = fixture.Contact(phone);
        await contact.RequestCode();
        var adminId = await contact.VerifyCode(fixture.Codes.CodeFor(phone.Value));
        Assert.Equal([adminId], school.AdministratorIds);
        var seen = await fixture.Grains.GetGrain<ISchoolGrain>(school.SchoolId).Get(new Actor(adminId));
        Assert.Equal("Школа № 101", seen.Info.Name);
        Assert.NotNull(seen.Application);
        var profile = await fixture.Grains.GetGrain<IUserGrain>(adminId).GetProfile(new Actor(adminId));
        Assert.Contains(school.SchoolId, profile.SchoolIds);
        Assert.Equal("79990000101@school.example.org", profile.Email);
    }

    [Fact]
    public async Task ORG_1_only_an_operator_registers_schools()
    {
        var stranger = new Actor(await fixture.Contact(ContactAddress.Phone("+79990000102")).EnsureAccount("Stranger"));
        var before = await District.ListSchools(await OperatorAsync(), PageRequest.First(500));

        var e = await Assert.ThrowsAsync<DomainException>(() => District.RegisterSchool(stranger, Application("Школа № 102", "+79990000103")));

        Assert.Equal(ErrorKind.PermissionDenied, e.Kind);
        Assert.Equal("ORG-1", e.RuleId);
        Assert.Equal(before.Items.Count, (await District.ListSchools(await OperatorAsync(), PageRequest.First(500))).Items.Count);
    }

    [Fact]
    public async Task ORG_1_an_application_without_the_administrators_contact_data_changes_nothing()
    {
        var op = await OperatorAsync();
        var before = await District.ListSchools(op, PageRequest.First(500));

        var e = await Assert.ThrowsAsync<DomainException>(() =>
            District.RegisterSchool(op, Application("Школа № 104", "+79990000104") with { AdminEmail = "" }));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(before.Items.Count, (await District.ListSchools(op, PageRequest.First(500))).Items.Count);
    }

    [Fact]
    public async Task ORG_1_a_school_cannot_be_registered_twice()
    {
        var op = await OperatorAsync();
        await District.RegisterSchool(op, Application("Школа № 105", "+79990000105"));

        var e = await Assert.ThrowsAsync<DomainException>(() => District.RegisterSchool(op, Application("школа № 105", "+79990000106")));

        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
    }

    [Fact]
    public async Task ORG_2_administrator_edits_the_school_and_the_register_follows()
    {
        var op = await OperatorAsync();
        var school = await District.RegisterSchool(op, Application("Школа № 106", "+79990000107"));
        var admin = new Actor(school.AdministratorIds[0]);

        var updated = await fixture.Grains.GetGrain<ISchoolGrain>(school.SchoolId)
            .UpdateInfo(admin, new SchoolInfoPatch(ShortName: "№ 106", JournalUrl: "https://dnevnik.example.org/106"));

        Assert.Equal("№ 106", updated.Info.ShortName);
        Assert.Equal("Школа № 106", updated.Info.Name);
        var listed = await District.ListSchools(op, PageRequest.First(500));
        Assert.Contains(listed.Items, s => s.SchoolId == school.SchoolId && s.ShortName == "№ 106");
    }

    [Fact]
    public async Task ORG_2_an_operator_who_is_not_an_administrator_cannot_edit_a_school()
    {
        var op = await OperatorAsync();
        var school = await District.RegisterSchool(op, Application("Школа № 107", "+79990000108"));

        var e = await Assert.ThrowsAsync<DomainException>(() =>
            fixture.Grains.GetGrain<ISchoolGrain>(school.SchoolId).UpdateInfo(op, new SchoolInfoPatch(Name: "Другое имя")));

        Assert.Equal(ErrorKind.PermissionDenied, e.Kind);
        Assert.Equal("ORG-2", e.RuleId);
        Assert.Equal("Школа № 107", (await fixture.Grains.GetGrain<ISchoolGrain>(school.SchoolId).Get(op)).Info.Name);
    }

    [Fact]
    public async Task DIS_1_an_administrator_of_another_school_gets_not_found()
    {
        var op = await OperatorAsync();
        var a = await District.RegisterSchool(op, Application("Школа № 108", "+79990000109"));
        var b = await District.RegisterSchool(op, Application("Школа № 109", "+79990000110"));
        var adminOfB = new Actor(b.AdministratorIds[0]);
        var schoolA = fixture.Grains.GetGrain<ISchoolGrain>(a.SchoolId);

        var read = await Assert.ThrowsAsync<DomainException>(() => schoolA.Get(adminOfB));
        var write = await Assert.ThrowsAsync<DomainException>(() => schoolA.UpdateInfo(adminOfB, new SchoolInfoPatch(Name: "Захват")));
        var missing = await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.GetGrain<ISchoolGrain>("nosuchschool").Get(adminOfB));

        Assert.Equal(ErrorKind.NotFound, read.Kind);
        Assert.Equal(ErrorKind.NotFound, write.Kind);
        Assert.Equal((missing.Kind, missing.Code), (read.Kind, read.Code));
        Assert.Equal("Школа № 108", (await schoolA.Get(op)).Info.Name);
    }

    [Fact]
    public async Task CHAT_5_phone_and_email_are_visible_only_to_the_person_themself()
    {
        var op = await OperatorAsync();
        var school = await District.RegisterSchool(op, Application("Школа № 110", "+79990000111"));
        var adminId = school.AdministratorIds[0];

        var own = await fixture.Grains.GetGrain<IUserGrain>(adminId).GetProfile(new Actor(adminId));
        var other = await fixture.Grains.GetGrain<IUserGrain>(adminId).GetProfile(op);

        Assert.NotNull(own.Phone);
        Assert.Null(other.Phone);
        Assert.Null(other.Email);
    }

    [Fact]
    public async Task Schools_list_pages_in_registration_order()
    {
        var op = await OperatorAsync();
        for (var i = 0; i < 3; i++) await District.RegisterSchool(op, Application($"Лицей № {200 + i}", $"+7999000020{i}"));

        var all = new List<SchoolSummary>();
        string? cursor = null;
        do
        {
            var page = await District.ListSchools(op, new PageRequest(cursor, 2));
            Assert.True(page.Items.Count <= 2);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(all.Select(s => s.SchoolId).Distinct().Count(), all.Count);
        Assert.Equal(all.OrderBy(s => s.RegisteredAt).Select(s => s.SchoolId), all.Select(s => s.SchoolId));
        Assert.Contains(all, s => s.Name == "Лицей № 202");
    }

    [Fact]
    public async Task A_school_stored_whole_in_grain_state_before_issue_15_moves_into_its_tables_on_first_activation()
    {
        var schoolId = Guid.NewGuid().ToString("N");
        var now = fixture.Clock.GetUtcNow();
        var old = new DistrictSferum.Grains.Schools.SchoolState();
        old.Register(new SchoolRegistration(SchoolRulesTests.Valid(), "admin-before", "operator"), "Анна Смирнова", "staff-room", now);
        var grade = old.CreateClass("admin-before", "class-5a", "5А", ClassKind.Grade, null, now);
        // The old shape kept links in the school: one used once, by the pupil it admitted.
        var invite = old.CreateInvite("admin-before", "invite-1", "hash-1", new InviteRequest(grade.ClassId, JoinRole.Student, null, 30, true, null), now);
        invite.Uses = 1;
        old.Invites[invite.InviteId] = invite;
        old.AdmitRequest(new DistrictSferum.Grains.Schools.JoinRequestRecord { RequestId = "request-1", UserId = "pupil-before", DisplayName = "Пётр Иванов", ClassId = grade.ClassId, Role = JoinRole.Student, InviteId = "invite-1", CreatedAt = now }, now);
        var storage = Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(
            fixture.Cluster.Silos[0].ServiceProvider, DistrictSferum.Grains.Common.StorageNames.Grains);
        var grainId = GrainId.Create("school", schoolId);
        await storage.WriteStateAsync("school", grainId, new GrainState<DistrictSferum.Grains.Schools.SchoolGrainState> { State = new() { School = old } });

        var school = fixture.Grains.GetGrain<ISchoolGrain>(schoolId);
        var members = await school.ListMembers(new Actor("admin-before"), null, SchoolRoles.None, PageRequest.First(50));

        Assert.Equal(["admin-before", "pupil-before"], members.Items.Select(m => m.UserId).Order().ToList());
        Assert.Equal(1, (await school.ListInvites(new Actor("admin-before"), PageRequest.First(50))).Items.Single().Uses);
        var left = new GrainState<DistrictSferum.Grains.Schools.SchoolGrainState>();
        await storage.ReadStateAsync("school", grainId, left);
        Assert.False(left.State?.School.Registered ?? false);
    }
}
