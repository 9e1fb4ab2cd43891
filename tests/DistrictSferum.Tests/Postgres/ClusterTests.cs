using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.EndToEnd;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Npgsql;

namespace DistrictSferum.Tests.Postgres;

/// <summary>Two server processes on one database form one cluster; killing one leaves every grain served by the other.</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class ClusterTests
{
    [Fact]
    public async Task Two_silos_form_one_cluster_and_after_one_is_killed_the_other_serves_every_grain()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("cluster");
        var data = Directory.CreateTempSubdirectory("sferum-cluster-").FullName;
        try
        {
            await using var a = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            await using var b = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            Assert.Equal(2, await CountSilosAsync(database, status: 3));

            using var channelA = GrpcChannel.ForAddress(a.Address);
            using var channelB = GrpcChannel.ForAddress(b.Address);
            var operatorA = await SignInAsync(channelA, a, ServerHost.OperatorPhone);
            var schools = new List<string>();
            for (var i = 0; i < 8; i++)
                schools.Add((await operatorA.RegisterSchoolAsync(SchoolRequests.Register($"Школа кластера {i}", $"+7999333000{i}"))).School.SchoolId);
            var operatorB = await SignInAsync(channelB, a, ServerHost.OperatorPhone);
            Assert.Equal(8, (await operatorB.ListSchoolsAsync(new ListSchoolsRequest())).Schools.Count);

            b.Kill();

            var schoolsA = new SchoolService.SchoolServiceClient(Authorized(channelA, operatorA.Token));
            foreach (var schoolId in schools)
            {
                var school = (await RetryWhileReshapingAsync(() => schoolsA.GetSchoolAsync(new GetSchoolRequest { SchoolId = schoolId }).ResponseAsync)).School;
                Assert.Equal(schoolId, school.SchoolId);
            }

            var late = await RetryWhileReshapingAsync(() => operatorA.RegisterSchoolAsync(SchoolRequests.Register("Школа после сбоя", "+79993330099")).ResponseAsync);
            Assert.NotEmpty(late.School.SchoolId);
            await WaitForActiveSilosAsync(database, 1);

            // SIGTERM is a graceful stop: the survivor leaves the cluster and exits cleanly.
            await a.TerminateAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, a.ExitCode);
            Assert.Equal(0, await CountSilosAsync(database, status: 3));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private sealed record OperatorClient(DistrictService.DistrictServiceClient Client, string Token)
    {
        public AsyncUnaryCall<RegisterSchoolResponse> RegisterSchoolAsync(RegisterSchoolRequest request) => Client.RegisterSchoolAsync(request);

        public AsyncUnaryCall<ListSchoolsResponse> ListSchoolsAsync(ListSchoolsRequest request) => Client.ListSchoolsAsync(request);
    }

    private static async Task<OperatorClient> SignInAsync(GrpcChannel channel, ServerProcess codesFrom, string phone)
    {
        var auth = new AuthService.AuthServiceClient(channel);
        await auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone });
        var tokens = (await auth.SignInAsync(new SignInRequest { Contact = phone, Code = codesFrom.CodeFor(phone) })).Tokens;
        return new OperatorClient(new DistrictService.DistrictServiceClient(Authorized(channel, tokens.AccessToken)), tokens.AccessToken);
    }

    private static CallInvoker Authorized(GrpcChannel channel, string token) => channel.Intercept(m =>
    {
        m.Add("authorization", "Bearer " + token);
        return m;
    });

    /// <summary>While the cluster declares the dead silo dead, calls may be refused as UNAVAILABLE; retry those only.</summary>
    private static async Task<T> RetryWhileReshapingAsync<T>(Func<Task<T>> call)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && !deadline.IsCancellationRequested)
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    private static async Task WaitForActiveSilosAsync(string database, int expected)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await CountSilosAsync(database, status: 3) != expected) await Task.Delay(200, deadline.Token);
    }

    private static async Task<long> CountSilosAsync(string database, int status)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = @status", connection);
        command.Parameters.AddWithValue("status", status);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
