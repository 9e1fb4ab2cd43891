using System.Diagnostics;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace DistrictSferum.Tests.Operations;

/// <summary>SIGTERM, as Kubernetes sends it on a rolling update, with clients' streams open.</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_with_open_streams_ends_them_with_a_reconnect_status_and_exits_0_within_5_seconds()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("shutdown");
        var data = Directory.CreateTempSubdirectory("sferum-shutdown-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(database, data);
            using var channel = GrpcChannel.ForAddress(server.Address);
            var school = await SchoolScenario.CreateAsync(server, channel, students: 2);
            var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            var streams = school.Students.Prepend(school.Teacher)
                .Select(member => StreamRecorder.Open(member, (chat.ChatId, chat.LastSeq))).ToList();
            foreach (var stream in streams) await stream.UntilAsync(r => r.CaughtUp(chat.ChatId));

            var stopwatch = Stopwatch.StartNew();
            await server.TerminateAsync(TimeSpan.FromSeconds(20));
            stopwatch.Stop();

            Assert.Equal(0, server.ExitCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"The server took {stopwatch.Elapsed} to stop:\n{server.Output}");
            foreach (var stream in streams)
            {
                await stream.UntilAsync(r => r.Endings.Count > 0);
                var ended = stream.Endings[0];
                Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
                Assert.Equal("SERVER_STOPPING", ended.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
                await stream.DisposeAsync();
            }

            Assert.DoesNotContain("non-graceful", server.Output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
