using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

[CliCommand("logout", "Forget the saved login")]
internal sealed class LogoutCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        var store = new CliConfigStore(Environment.ResolveConfigPath());
        var config = store.Load();
        var wasSignedIn = config.IsSignedIn;
        if (wasSignedIn) store.Save(config.WithoutTokens());

        if (output.Json) output.WriteJson(new { signedOut = wasSignedIn });
        else output.Line(wasSignedIn ? $"Signed out of {config.Server}." : "Not signed in.");
        return Task.FromResult(ExitCodes.Ok);
    }
}
