using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListMembersSettings : SchoolPagingSettings
{
    [CommandOption("--class <CLASS_ID>"), Description("Only members placed in this class")]
    public string? ClassId { get; set; }

    [CommandOption("--role <ROLE>"), Description("Only members holding this role: teacher, student, parent, administrator, director or deputy")]
    public string? Role { get; set; }

    public override ValidationResult Validate() =>
        Role is not null && SchoolLabels.Parse(SchoolLabels.SchoolRoles, Role) is null
            ? ValidationResult.Error($"--role must be {SchoolLabels.Choices(SchoolLabels.SchoolRoles)}, not '{Role}'")
            : base.Validate();
}

[CliCommand("member list", "List the school's members, with the verified-teacher badge ✓")]
[CliExample("member", "list", "SCHOOL_ID", "--role", "teacher")]
[CliExample("member", "list", "SCHOOL_ID", "--class", "CLASS_ID", "--all")]
internal sealed class ListMembersCommand(CliEnvironment environment) : SferumCommand<ListMembersSettings>(environment)
{
    protected override async Task<int> RunAsync(ListMembersSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new MemberService.MemberServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListMembersAsync(new ListMembersRequest
        {
            SchoolId = settings.SchoolId,
            ClassId = settings.ClassId ?? "",
            Role = SchoolLabels.Parse(SchoolLabels.SchoolRoles, settings.Role) ?? SchoolRole.Unspecified,
            PageSize = size,
            PageToken = token,
        }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Members.Count, "member(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Name", "Roles", "Verified", "Classes");
            foreach (var m in result.Members)
                table.AddTextRow(m.UserId, m.DisplayName, SchoolLabels.Of(m.Roles), SchoolLabels.VerifiedBadge(m.VerifiedTeacher),
                    classes!.Join(m.Classes.Select(p => p.ClassId)));
            return table;
        });
        return ExitCodes.Ok;
    }
}
