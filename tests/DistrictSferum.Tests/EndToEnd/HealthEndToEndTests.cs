using System.Net;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Health.V1;

namespace DistrictSferum.Tests.EndToEnd;

public sealed class HealthEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Grpc_health_service_reports_serving_without_a_token()
    {
        var health = new Health.HealthClient(fixture.Server.Channel);

        var reply = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Http_liveness_and_readiness_answer_on_the_health_port_only()
    {
        using var http = new HttpClient();
        var live = await http.GetAsync($"http://127.0.0.1:{fixture.Server.HealthPort}/healthz");
        var ready = await http.GetAsync($"http://127.0.0.1:{fixture.Server.HealthPort}/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
