using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Migrations;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>db migrate</c>: the same versioned migrations the server runs at start.</summary>
internal static class DbCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("db", db =>
        {
            db.SetDescription("Database administration (talks to PostgreSQL directly, not to the server)");
            db.AddCommand<MigrateCommand>("migrate")
                .WithDescription("Bring the database to the newest schema (safe to run twice)")
                .WithExample("db", "migrate", "--connection", "Host=db;Database=sferum;Username=sferum;Password=...");
        });
}

internal sealed class MigrateSettings : GlobalSettings
{
    [CommandOption("--connection <CONNECTION_STRING>")]
    [Description("Npgsql connection string; default $SFERUM_CONNECTION")]
    public string? Connection { get; set; }
}

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
