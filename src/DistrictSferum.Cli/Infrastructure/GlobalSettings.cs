using System.ComponentModel;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>The options every command accepts; each command's settings derive from this.</summary>
internal class GlobalSettings : CommandSettings
{
    [CommandOption("--server <URL>")]
    [Description("The server's gRPC address. Default: $SFERUM_SERVER, else the saved login's server, else http://127.0.0.1:5080")]
    public string? Server { get; set; }

    [CommandOption("--json")]
    [Description("Print one JSON document on stdout instead of tables")]
    public bool Json { get; set; }
}
