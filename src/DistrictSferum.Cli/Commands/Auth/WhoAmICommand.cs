using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

[CliCommand("whoami", "Show the signed-in account and your schools by name with their ids (the SCHOOL_ID other commands take)")]
internal sealed class WhoAmICommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var me = (await new UserService.UserServiceClient(connection.Invoker).GetMeAsync(new GetMeRequest(), await connection.AuthorizedAsync())).Me;
        if (output.Json)
        {
            output.WriteJson(me);
            return ExitCodes.Ok;
        }

        var names = await SchoolNames.LoadAsync(connection, me.SchoolIds);
        var config = connection.Store.Load();
        output.Write(CliOutput.KeyValues([
            ("User id", me.UserId),
            ("Name", me.DisplayName),
            ("Phone", me.Phone),
            ("E-mail", me.Email),
            ("Schools", string.Join("\n", me.SchoolIds.Select(id => output.Ids ? id : $"{names[id]} ({id})"))),
            ("Current school", config.School is null ? "none (`sferumctl use SCHOOL` chooses one)" : $"{config.SchoolName} ({config.School})"),
            ("District operator", me.DistrictOperator ? "yes" : "no"),
            ("Created", CliOutput.Time(me.CreatedAt)),
            ("Server", $"{connection.Server} (context {connection.Context})"),
        ]));
        return ExitCodes.Ok;
    }
}
