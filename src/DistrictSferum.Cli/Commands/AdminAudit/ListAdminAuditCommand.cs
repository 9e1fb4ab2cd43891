using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("admin-audit list", "Administrative actions, newest first: a school's (director, administrators) or the district's (operators)")]
[CliExample("admin-audit", "list", "SCHOOL_ID")]
[CliExample("admin-audit", "list", "--all")]
internal sealed class ListAdminAuditCommand(CliEnvironment environment) : SferumCommand<AdminAuditListSettings>(environment)
{
    protected override async Task<int> RunAsync(AdminAuditListSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new AdminAuditService.AdminAuditServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListAdminAuditAsync(
            new ListAdminAuditRequest { SchoolId = settings.SchoolId ?? "", PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        Pager.Write(output, result, result.Entries.Count, "row(s)", () =>
        {
            var table = CliOutput.NewTable("Seq", "Time", "Action", "Actor", "Subject", "Detail");
            foreach (var e in result.Entries)
                table.AddTextRow($"#{e.Seq}", CliOutput.Time(e.At), e.Action, e.ActorId, e.SubjectUserId, e.Detail);
            return table;
        });
        return ExitCodes.Ok;
    }
}
