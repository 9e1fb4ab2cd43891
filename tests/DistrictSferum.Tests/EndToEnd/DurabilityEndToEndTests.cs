using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.EndToEnd;

public sealed class DurabilityEndToEndTests
{
    [Fact]
    public async Task State_written_through_gRPC_survives_a_full_server_restart()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("durable");
        var codes = new CapturingCodeSender();
        string schoolId;
        string accessToken;

        await using (var first = await ServerHost.StartAsync(database, codes: codes))
        {
            var op = await first.SignInOperatorAsync();
            var school = await op.District.RegisterSchoolAsync(SchoolRequests.Register("Школа-долгожитель", "+79992220001"));
            var admin = await first.SignInAsync("+79992220001");
            await admin.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = school.School.SchoolId, Address = "Новый адрес, 5" });
            schoolId = school.School.SchoolId;
            accessToken = admin.Tokens.AccessToken;
        }

        await using var second = await ServerHost.StartAsync(database, codes: codes);
        var again = await second.SignInAsync("+79992220001");
        var seen = (await again.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = schoolId })).School;
        var operatorAgain = await second.SignInOperatorAsync();
        var listed = await operatorAgain.District.ListSchoolsAsync(new ListSchoolsRequest());

        Assert.Equal("Новый адрес, 5", seen.Info.Address);
        Assert.Equal([again.UserId], seen.AdministratorIds);
        Assert.Single(listed.Schools, s => s.SchoolId == schoolId);
        Assert.NotEqual(accessToken, again.Tokens.AccessToken);
    }
}
