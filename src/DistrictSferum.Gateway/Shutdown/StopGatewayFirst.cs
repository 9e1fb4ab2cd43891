using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Hosting;

namespace DistrictSferum.Gateway.Shutdown;

/// <summary>
/// Hosted services stop in reverse order of registration, which would stop the Orleans silo before Kestrel: calls
/// still arriving would find no silo. Registered after the silo, this stops Kestrel first (GOAWAY to clients, open
/// streams already ended by <see cref="StreamShutdownInterceptor"/>, in-flight calls finished against a live silo);
/// the web host's own stop later finds it stopped.
/// </summary>
public sealed class StopGatewayFirst(IServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
