using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListReportsSettings : ChatIdSettings
{
    [CommandOption("--all"), Description("Resolved reports too")]
    public bool All { get; set; }
}

[CliCommand("mod reports", "The moderators' queue of reported messages: open ones, or all with --all")]
[CliExample("mod", "reports", "CHAT_ID", "--all")]
internal sealed class ListReportsCommand(CliEnvironment environment) : SferumCommand<ListReportsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListReportsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var reports = await new ModerationService.ModerationServiceClient(connection.Invoker).ListReportsAsync(
            new ListReportsRequest { ChatId = settings.ChatId, IncludeResolved = settings.All }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(reports);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Id", "Message", "Reporter", "Reason", "At", "Resolved by");
        foreach (var r in reports.Reports)
            table.AddTextRow(r.ReportId, $"#{r.MessageSeq}", r.ReporterId, r.Reason, CliOutput.Time(r.At), r.ResolvedBy);
        output.Write(table);
        var open = reports.Reports.Count(r => r.ResolvedBy.Length == 0);
        output.Line(settings.All ? $"{reports.Reports.Count} report(s), {open} open." : $"{open} open report(s).");
        if (open > 0)
            output.Line($"Read them with `sferumctl chat history {settings.ChatId}`; act with `sferumctl mod remind|delete {settings.ChatId} SEQ --clause N`, " +
                $"then `sferumctl mod resolve {settings.ChatId} REPORT_ID`.");
        return ExitCodes.Ok;
    }
}
