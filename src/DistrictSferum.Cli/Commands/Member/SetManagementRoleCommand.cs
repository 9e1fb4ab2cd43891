using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SetManagementRoleSettings : MemberRefSettings
{
    [CommandArgument(2, "<ROLE>"), Description("director or deputy")]
    public string Role { get; set; } = "";

    [CommandOption("--off"), Description("Take the mark away instead")]
    public bool Off { get; set; }

    public override ValidationResult Validate() =>
        SchoolLabels.Parse(SchoolLabels.ManagementRoles, Role) is null
            ? ValidationResult.Error($"ROLE must be {SchoolLabels.Choices(SchoolLabels.ManagementRoles)}, not '{Role}'")
            : ValidationResult.Success();
}

[CliCommand("member set-role", "Mark a teacher as the director or a deputy, or with --off unmark them (administrators; ORG-15)")]
[CliExample("member", "set-role", "SCHOOL_ID", "USER_ID", "director")]
[CliExample("member", "set-role", "SCHOOL_ID", "USER_ID", "deputy", "--off")]
internal sealed class SetManagementRoleCommand(CliEnvironment environment) : SferumCommand<SetManagementRoleSettings>(environment)
{
    protected override async Task<int> RunAsync(SetManagementRoleSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new SetManagementRoleRequest
        {
            SchoolId = settings.SchoolId,
            UserId = settings.UserId,
            Role = SchoolLabels.Parse(SchoolLabels.ManagementRoles, settings.Role)!.Value,
            Holds = !settings.Off,
        };
        var member = await new MemberService.MemberServiceClient(connection.Invoker).SetManagementRoleAsync(request, await connection.AuthorizedAsync());
        await MemberView.WriteAsync(output, connection, settings.SchoolId, member.Member);
        return ExitCodes.Ok;
    }
}
