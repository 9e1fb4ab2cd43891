using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("admin-audit verify", "Re-derive the admin audit's hash chain: \"intact, N rows\" (exit 0), or the first altered row (exit 1)")]
[CliExample("admin-audit", "verify", "SCHOOL_ID")]
[CliExample("admin-audit", "verify")]
internal sealed class VerifyAdminAuditCommand(CliEnvironment environment) : SferumCommand<AdminAuditVerifySettings>(environment)
{
    protected override async Task<int> RunAsync(AdminAuditVerifySettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var result = await new AdminAuditService.AdminAuditServiceClient(connection.Invoker).VerifyAdminAuditAsync(
            new VerifyAdminAuditRequest { SchoolId = settings.SchoolId ?? "" }, await connection.AuthorizedAsync());
        var chain = settings.SchoolId is { Length: > 0 } school ? $"school {school}" : "the district";
        if (output.Json) output.WriteJson(result);
        else if (result.Intact) output.Line($"The admin audit of {chain} is intact, {result.RowsChecked} rows.");
        else output.Line($"The admin audit of {chain} is BROKEN at row {result.FirstBrokenSeq}: it was altered after it was written ({result.RowsChecked} rows checked).");
        return result.Intact ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
