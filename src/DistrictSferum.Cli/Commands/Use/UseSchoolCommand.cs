using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class UseSchoolSettings : GlobalSettings
{
    [CommandArgument(0, "[SCHOOL]"), Description("One of your schools by id or by name (or part of it, if only one matches); see `whoami`")]
    public string? School { get; set; }

    [CommandOption("--clear"), Description("Forget the chosen school: commands need SCHOOL_ID again")]
    public bool Clear { get; set; }
}

[CliCommand("use", "Choose the school that commands take when SCHOOL_ID is left out (like kubectl's current context); without SCHOOL, show it")]
[CliExample("use", "\"School No. 5\"")]
[CliExample("use", "SCHOOL_ID")]
[CliExample("use", "--clear")]
internal sealed class UseSchoolCommand(CliEnvironment environment) : SferumCommand<UseSchoolSettings>(environment)
{
    protected override async Task<int> RunAsync(UseSchoolSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var config = connection.Store.Load();
        if (settings.Clear || settings.School is null)
        {
            if (settings.Clear) connection.Store.Save(config = config with { School = null, SchoolName = null });
            if (output.Json) output.WriteJson(new { context = connection.Context, school = config.School, schoolName = config.SchoolName });
            else output.Line(config.School is null
                ? $"No school chosen in {connection.Context}: commands need SCHOOL_ID; `sferumctl use SCHOOL` chooses one."
                : $"Using {config.SchoolName} ({config.School}) in {connection.Context}.");
            return ExitCodes.Ok;
        }

        var (id, name) = await FindAsync(connection, settings.School.Trim());
        connection.Store.Save(connection.Store.Load() with { School = id, SchoolName = name });
        if (output.Json) output.WriteJson(new { context = connection.Context, school = id, schoolName = name });
        else output.Line($"Using {name} ({id}): commands take it when SCHOOL_ID is left out, e.g. `sferumctl class list`.");
        return ExitCodes.Ok;
    }

    /// <summary>The school by id (any school the caller may see: operators see all), else by name among the caller's schools.</summary>
    private static async Task<(string Id, string Name)> FindAsync(ServerConnection connection, string wanted)
    {
        var schools = new SchoolService.SchoolServiceClient(connection.Invoker);
        try
        {
            var byId = (await schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = wanted }, await connection.AuthorizedAsync())).School;
            return (byId.SchoolId, byId.Info?.Name ?? byId.SchoolId);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
        }

        var me = (await new UserService.UserServiceClient(connection.Invoker).GetMeAsync(new GetMeRequest(), await connection.AuthorizedAsync())).Me;
        var names = await SchoolNames.LoadAsync(connection, me.SchoolIds);
        var exact = names.Where(n => string.Equals(n.Value, wanted, StringComparison.CurrentCultureIgnoreCase)).ToList();
        var matches = exact.Count > 0 ? exact : names.Where(n => n.Value.Contains(wanted, StringComparison.CurrentCultureIgnoreCase)).ToList();
        return matches switch
        {
            [var only] => (only.Key, only.Value),
            [] => throw new CliException($"none of your schools is '{wanted}'", ExitCodes.NotFound,
                names.Count > 0 ? $"your schools: {string.Join("; ", names.Select(n => $"{n.Value} ({n.Key})"))}" : "you are in no school yet; see `sferumctl whoami`"),
            _ => throw new CliException($"'{wanted}' matches several of your schools", ExitCodes.Usage,
                $"give the id: {string.Join("; ", matches.Select(n => $"{n.Value} ({n.Key})"))}"),
        };
    }
}
