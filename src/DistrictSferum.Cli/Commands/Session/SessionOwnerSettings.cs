using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>Whose sessions: your own by default; a member's of a school you administer; anyone's for an operator.</summary>
internal class SessionOwnerSettings : GlobalSettings
{
    [CommandOption("--user <USER_ID>")]
    [Description("Another account's sessions (administrators of its school, operators); default: your own")]
    public string? UserId { get; set; }

    [CommandOption("--school <SCHOOL_ID>")]
    [Description("The school you administer and the account belongs to (with --user; operators leave it out)")]
    public string? SchoolId { get; set; }
}
