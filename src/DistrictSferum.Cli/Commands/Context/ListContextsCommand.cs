using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("context list", "The contexts: each one's server, whether you are signed in there, and its school; * marks the current one")]
internal sealed class ListContextsCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        var file = new CliConfigStore(Environment.ResolveConfigPath()).LoadFile();
        var current = file.CurrentContext ?? CliConfigStore.DefaultContext;
        var rows = file.Contexts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new
        {
            context = c.Key,
            current = c.Key == current,
            server = c.Value.Server,
            userId = c.Value.UserId,
            signedIn = c.Value.IsSignedIn,
            school = c.Value.School,
            schoolName = c.Value.SchoolName,
        }).ToList();
        if (output.Json)
        {
            output.WriteJson(new { currentContext = current, contexts = rows });
            return Task.FromResult(ExitCodes.Ok);
        }

        var table = CliOutput.NewTable("Current", "Context", "Server", "Signed in", "School");
        foreach (var row in rows)
            table.AddTextRow(row.current ? "*" : "", row.context, row.server ?? "", row.signedIn ? "yes" : "no",
                row.school is null ? "" : output.Ids || row.schoolName is null ? row.school : $"{row.schoolName} ({row.school})");
        output.Write(table);
        if (rows.Count == 0) output.Note("No contexts yet: `sferumctl login --server URL --contact ...` or `sferumctl context add NAME --server URL` makes one.");
        return Task.FromResult(ExitCodes.Ok);
    }
}
