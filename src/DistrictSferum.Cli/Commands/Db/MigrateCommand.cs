using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Migrations;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class MigrateSettings : GlobalSettings
{
    [CommandOption("--connection <CONNECTION_STRING>")]
    [Description("Npgsql connection string; default $SFERUM_CONNECTION")]
    public string? Connection { get; set; }
}

[CliCommand("db migrate", "Bring the database to the newest schema (safe to run twice)")]
[CliExample("db", "migrate", "--connection", "Host=db;Database=sferum;Username=sferum;Password=...")]
internal sealed class MigrateCommand(CliEnvironment environment) : SferumCommand<MigrateSettings>(environment)
{
    protected override async Task<int> RunAsync(MigrateSettings settings, CliOutput output)
    {
        var connection = settings.Connection ?? Environment.GetEnvironmentVariable("SFERUM_CONNECTION");
        if (string.IsNullOrWhiteSpace(connection))
            throw CliException.Usage("no database: pass --connection \"Host=...;Database=...\" or set SFERUM_CONNECTION");

        var applied = await DatabaseMigrator.MigrateAsync(connection, cancellationToken: CancellationToken);
        if (output.Json)
        {
            output.WriteJson(new { applied });
        }
        else if (applied.Count == 0)
        {
            output.Line("Database is up to date.");
        }
        else
        {
            output.Line($"Applied {applied.Count} script(s):");
            foreach (var script in applied) output.Line($"  {script}");
        }

        return ExitCodes.Ok;
    }
}
