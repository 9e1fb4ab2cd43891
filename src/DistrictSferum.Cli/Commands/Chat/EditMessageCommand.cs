using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class EditMessageSettings : MessageRefSettings
{
    [CommandArgument(2, "<TEXT>"), Description("The message's new text")]
    public string Text { get; set; } = "";
}

[CliCommand("chat edit", "Edit your message within the edit window (CHAT-4)")]
internal sealed class EditMessageCommand(CliEnvironment environment) : SferumCommand<EditMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(EditMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var ack = await new ChatService.ChatServiceClient(connection.Invoker).EditMessageAsync(
            new EditMessageRequest { ChatId = settings.ChatId, Seq = settings.Seq, Body = CommandLine.Restore(settings.Text) }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(ack);
        else output.Line($"Edited #{settings.Seq} (change #{ack.Seq}).");
        return ExitCodes.Ok;
    }
}
