using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ResolveReportSettings : ChatIdSettings
{
    [CommandArgument(1, "<REPORT_ID>"), Description("The report's id (see `mod reports`)")]
    public string ReportId { get; set; } = "";
}

[CliCommand("mod resolve", "Mark a report handled (moderators)")]
[CliExample("mod", "resolve", "CHAT_ID", "REPORT_ID")]
internal sealed class ResolveReportCommand(CliEnvironment environment) : SferumCommand<ResolveReportSettings>(environment)
{
    protected override async Task<int> RunAsync(ResolveReportSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var report = (await new ModerationService.ModerationServiceClient(connection.Invoker).ResolveReportAsync(
            new ResolveReportRequest { ChatId = settings.ChatId, ReportId = settings.ReportId }, await connection.AuthorizedAsync())).Report;
        if (output.Json) output.WriteJson(report);
        else output.Line($"Resolved report {report.ReportId} about #{report.MessageSeq} (resolved by {report.ResolvedBy}).");
        return ExitCodes.Ok;
    }
}
