using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

[CliCommand("logout", "End this login's session on the server and forget it here")]
internal sealed class LogoutCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        var store = new CliConfigStore(Environment.ResolveConfigPath());
        var config = store.Load();
        var wasSignedIn = config.IsSignedIn;
        var endedOnServer = false;
        if (wasSignedIn)
        {
            try
            {
                using var connection = Connect(settings);
                await new SessionService.SessionServiceClient(connection.Invoker).LogoutAsync(new LogoutRequest(), await connection.AuthorizedAsync());
                endedOnServer = true;
            }
            catch (Exception e) when (e is RpcException { StatusCode: StatusCode.Unauthenticated } or CliException { ExitCode: ExitCodes.Unauthenticated })
            {
                // The session had already ended (expired, revoked elsewhere): forgetting it here is all that is left.
            }
            catch (Exception e) when (e is RpcException or CliException or HttpRequestException)
            {
                // The server cannot be reached: forget the login here anyway, and say how to end the session later.
                Environment.Error.WriteLine(
                    "warning: the server could not be reached, so the session is still alive there; end it later with `sferumctl session revoke` from a signed-in device");
            }

            store.Save(store.Load().WithoutTokens());
        }

        if (output.Json) output.WriteJson(new { signedOut = wasSignedIn, sessionEnded = endedOnServer });
        else output.Line(wasSignedIn ? $"Signed out of {config.Server}{(endedOnServer ? "; the session is ended on the server" : "")}." : "Not signed in.");
        return ExitCodes.Ok;
    }
}
