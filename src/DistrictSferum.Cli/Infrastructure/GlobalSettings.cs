using System.ComponentModel;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>The options every command accepts; each command's settings derive from this.</summary>
internal class GlobalSettings : CommandSettings
{
    [CommandOption("--server <URL_OR_CONTEXT>")]
    [Description("The server: a gRPC address or a context's name (see `context list`). Default: $SFERUM_SERVER, else the current context, else http://127.0.0.1:5080")]
    public string? Server { get; set; }

    [CommandOption("-o|--output <FORMAT>")]
    [Description("table, json, tsv or csv. Default: table on a terminal, tsv when stdout is a pipe or a file")]
    public string? Output { get; set; }

    [CommandOption("--json")]
    [Description("Same as -o json: one JSON document on stdout with every field and id (streams such as `chat tail`: one JSON object per line)")]
    public bool Json { get; set; }

    [CommandOption("--ids")]
    [Description("Show ids instead of names of people, classes and chats in tables (JSON always has the ids)")]
    public bool Ids { get; set; }
}
