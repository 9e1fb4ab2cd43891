using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class AdminAuditListSettings : PagingSettings
{
    [CommandArgument(0, "[SCHOOL_ID]"), Description("The school's chain; left out: the district's (operators)")]
    public string? SchoolId { get; set; }
}

internal sealed class AdminAuditVerifySettings : GlobalSettings
{
    [CommandArgument(0, "[SCHOOL_ID]"), Description("The school's chain; left out: the district's (operators)")]
    public string? SchoolId { get; set; }
}
