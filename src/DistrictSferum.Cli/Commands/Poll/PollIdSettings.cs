using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class PollIdSettings : GlobalSettings
{
    [CommandArgument(0, "<POLL_ID>"), Description("The poll's id (printed by `poll create`, and in the chat's events)")]
    public string PollId { get; set; } = "";
}
