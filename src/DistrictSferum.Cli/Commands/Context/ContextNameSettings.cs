using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>Commands about one context: <c>NAME</c> first.</summary>
internal class ContextNameSettings : GlobalSettings
{
    [CommandArgument(0, "<NAME>"), Description("The context's name, e.g. district or staging")]
    public string Name { get; set; } = "";
}
