using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal class ClassRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<CLASS_ID>"), Description("The class's id (see `class list`)")]
    public string ClassId { get; set; } = "";
}
