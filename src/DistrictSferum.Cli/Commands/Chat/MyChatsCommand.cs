using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat mine", "Your chats with unread counts, marking those whose new rules await your acceptance")]
internal sealed class MyChatsCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var mine = await new ChatService.ChatServiceClient(connection.Invoker).ListMyChatsAsync(new ListMyChatsRequest { PageSize = 500 }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(mine);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Id", "Kind", "Title", "Unread", "Read/last", "Rules");
        foreach (var my in mine.Chats)
            table.AddTextRow(my.Chat.ChatId, ChatLabels.Of(my.Chat.Kind), my.Chat.Title, my.Unread == 0 ? "" : my.Unread.ToString(),
                $"#{my.ReadSeq}/#{my.Chat.LastSeq}", my.RulesToAccept ? $"! new rules v{my.Chat.Rules?.Version} to accept" : "");
        output.Write(table);
        output.Line($"{mine.Chats.Count} chat(s), {mine.Chats.Sum(c => c.Unread)} unread message(s).");
        var toAccept = mine.Chats.Count(c => c.RulesToAccept);
        if (toAccept > 0)
            output.Line($"New rules await your acceptance in {toAccept} chat(s): read them with `sferumctl chat show CHAT_ID`, " +
                "then run `sferumctl chat accept-rules CHAT_ID VERSION` (ETH-4).");
        return ExitCodes.Ok;
    }
}
