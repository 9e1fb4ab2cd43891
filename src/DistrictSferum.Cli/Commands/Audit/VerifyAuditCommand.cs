using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("audit verify", "Re-derive the hash chain: \"intact, N rows\" (exit 0), or the first row altered since it was written (exit 1)")]
[CliExample("audit", "verify", "SCHOOL_ID")]
internal sealed class VerifyAuditCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var result = await new ModerationService.ModerationServiceClient(connection.Invoker).VerifyAuditAsync(
            new VerifyAuditRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(result);
        else if (result.Intact) output.Line($"The audit log of school {settings.SchoolId} is intact, {result.RowsChecked} rows.");
        else
            output.Line($"The audit log of school {settings.SchoolId} is BROKEN at row {result.FirstBrokenSeq}: that row (or the chain before it) " +
                $"was altered after it was written ({result.RowsChecked} rows checked; ORG-16).");
        return result.Intact ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
