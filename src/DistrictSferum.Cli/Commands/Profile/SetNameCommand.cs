using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SetNameSettings : GlobalSettings
{
    [CommandArgument(0, "<NAME>"), Description("Your name as others in your schools see it (quote it; never your phone or e-mail)")]
    public string Name { get; set; } = "";
}

[CliCommand("profile set-name", "Change the name others see next to your messages and in member lists")]
[CliExample("profile", "set-name", "\"Анна Иванова\"")]
internal sealed class SetNameCommand(CliEnvironment environment) : SferumCommand<SetNameSettings>(environment)
{
    protected override async Task<int> RunAsync(SetNameSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var me = (await new UserService.UserServiceClient(connection.Invoker)
            .SetDisplayNameAsync(new SetDisplayNameRequest { DisplayName = settings.Name.Trim() }, await connection.AuthorizedAsync())).Me;
        if (output.Json) output.WriteJson(me);
        else output.Line($"Your name is now {me.DisplayName}.");
        return ExitCodes.Ok;
    }
}
