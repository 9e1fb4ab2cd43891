using System.ComponentModel;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>Commands about one school: <c>SCHOOL_ID</c> first.</summary>
internal class SchoolIdSettings : GlobalSettings
{
    [CommandArgument(0, "<SCHOOL_ID>"), Description("The school's id")]
    public string SchoolId { get; set; } = "";
}

/// <summary>Lists of one school's things: <c>SCHOOL_ID</c> and the paging options.</summary>
internal class SchoolPagingSettings : PagingSettings
{
    [CommandArgument(0, "<SCHOOL_ID>"), Description("The school's id")]
    public string SchoolId { get; set; } = "";
}

/// <summary>Commands about one member of a school: <c>SCHOOL_ID USER_ID</c>.</summary>
internal class MemberRefSettings : SchoolIdSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("The member's user id")]
    public string UserId { get; set; } = "";
}
