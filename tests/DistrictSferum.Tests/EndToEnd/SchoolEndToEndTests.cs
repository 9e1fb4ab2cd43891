using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

public sealed class SchoolEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task ORG_1_registered_administrator_signs_in_with_the_application_phone_and_runs_the_school()
    {
        var op = await Server.SignInOperatorAsync();
        var school = await op.District.RegisterSchoolAsync(SchoolRequests.Register("Гимназия № 1", "+79991110001"));

        var admin = await Server.SignInAsync("+7 999 111-00-01");
        var seen = (await admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.School.SchoolId })).School;
        var me = (await admin.Users.GetMeAsync(new GetMeRequest())).Me;

        Assert.Equal([admin.UserId], seen.AdministratorIds);
        Assert.Equal("Гимназия № 1", seen.Info.Name);
        Assert.Equal("12-к", seen.Application.OrderNumber);
        Assert.Equal("2026-08-20", seen.Application.OrderDate);
        Assert.Contains(school.School.SchoolId, me.SchoolIds);
        Assert.False(me.DistrictOperator);
        var listed = await op.District.ListSchoolsAsync(new ListSchoolsRequest());
        Assert.Contains(listed.Schools, s => s.SchoolId == school.School.SchoolId);
    }

    [Fact]
    public async Task ORG_1_a_school_administrator_may_not_register_schools_and_the_refusal_names_the_rule()
    {
        var op = await Server.SignInOperatorAsync();
        await op.District.RegisterSchoolAsync(SchoolRequests.Register("Гимназия № 2", "+79991110002"));
        var admin = await Server.SignInAsync("+79991110002");

        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => admin.District.RegisterSchoolAsync(SchoolRequests.Register("Самозванная школа", "+79991110003")), "NOT_OPERATOR", "ORG-1");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => admin.District.ListSchoolsAsync(new ListSchoolsRequest()), "NOT_OPERATOR");
    }

    [Fact]
    public async Task ORG_1_malformed_applications_are_invalid_arguments_and_register_nothing()
    {
        var op = await Server.SignInOperatorAsync();
        var before = (await op.District.ListSchoolsAsync(new ListSchoolsRequest { PageSize = 500 })).Schools.Count;

        var badDate = SchoolRequests.Register("Школа без даты", "+79991110004");
        badDate.OrderDate = "20.08.2026";
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => op.District.RegisterSchoolAsync(badDate), "DATE_INVALID", "ORG-1");
        var badPhone = SchoolRequests.Register("Школа без телефона", "12");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => op.District.RegisterSchoolAsync(badPhone), "INVALID_PHONE");
        var longName = SchoolRequests.Register(new string('Ш', 201), "+79991110005");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => op.District.RegisterSchoolAsync(longName), "FIELD_TOO_LONG", "ORG-1");

        Assert.Equal(before, (await op.District.ListSchoolsAsync(new ListSchoolsRequest { PageSize = 500 })).Schools.Count);
    }

    [Fact]
    public async Task ORG_2_administrator_edits_only_the_fields_sent_and_bad_input_changes_nothing()
    {
        var op = await Server.SignInOperatorAsync();
        var school = await op.District.RegisterSchoolAsync(SchoolRequests.Register("Гимназия № 3", "+79991110006"));
        var admin = await Server.SignInAsync("+79991110006");

        var updated = (await admin.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = school.School.SchoolId, ShortName = "Гимн. 3", TimeZone = "Asia/Yekaterinburg" })).School;
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => admin.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = school.School.SchoolId, Name = "Новое имя", JournalUrl = "not a url" }), "URL_INVALID", "ORG-2");
        var after = (await admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.School.SchoolId })).School;

        Assert.Equal("Гимн. 3", updated.Info.ShortName);
        Assert.Equal("Asia/Yekaterinburg", updated.Info.TimeZone);
        Assert.Equal(updated.Info, after.Info);
    }

    [Fact]
    public async Task DIS_1_schools_are_sealed_from_each_other()
    {
        var op = await Server.SignInOperatorAsync();
        var a = await op.District.RegisterSchoolAsync(SchoolRequests.Register("Школа А", "+79991110007"));
        await op.District.RegisterSchoolAsync(SchoolRequests.Register("Школа Б", "+79991110008"));
        var adminB = await Server.SignInAsync("+79991110008");

        await RpcAssert.Fails(StatusCode.NotFound, () => adminB.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = a.School.SchoolId }), "SCHOOL_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound,
            () => adminB.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = a.School.SchoolId, Name = "Чужая" }), "SCHOOL_NOT_FOUND");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => adminB.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = "../../etc" }), "ID_INVALID");
        Assert.Equal("Школа А", (await op.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = a.School.SchoolId })).School.Info.Name);
    }
}
