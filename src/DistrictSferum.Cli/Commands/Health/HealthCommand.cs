using DistrictSferum.Cli.Infrastructure;
using Grpc.Health.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>health</c>: the standard grpc.health.v1 check of the whole server.</summary>
[CliCommand("health", "Check whether the server is serving (exit 0 only if SERVING)")]
internal sealed class HealthCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new Health.HealthClient(connection.Invoker).CheckAsync(new HealthCheckRequest { Service = "" }, connection.Anonymous);
        var serving = response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        if (output.Json)
            output.WriteJson(response);
        else
            output.Write(new Markup($"{Markup.Escape(connection.Server)}: [{(serving ? "green" : "red")}]{StatusName(response.Status)}[/]{System.Environment.NewLine}"));
        return serving ? ExitCodes.Ok : ExitCodes.Unavailable;
    }

    private static string StatusName(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };
}
