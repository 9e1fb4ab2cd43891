using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ReportMessageSettings : MessageRefSettings
{
    [CommandOption("--reason <TEXT>", isRequired: true), Description("Why the message breaks the chat's rules")]
    public string Reason { get; set; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason must not be empty") : base.Validate();
}

[CliCommand("mod report", "Report a message to the chat's moderators (any member)")]
[CliExample("mod", "report", "CHAT_ID", "17", "--reason", "\"Insults a classmate\"")]
internal sealed class ReportMessageCommand(CliEnvironment environment) : SferumCommand<ReportMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(ReportMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var report = (await new ModerationService.ModerationServiceClient(connection.Invoker).ReportMessageAsync(
            new ReportMessageRequest { ChatId = settings.ChatId, Seq = settings.Seq, Reason = CommandLine.Restore(settings.Reason) },
            await connection.AuthorizedAsync())).Report;
        if (output.Json) output.WriteJson(report);
        else output.Line($"Reported #{report.MessageSeq} to the chat's moderators (report {report.ReportId}).");
        return ExitCodes.Ok;
    }
}
