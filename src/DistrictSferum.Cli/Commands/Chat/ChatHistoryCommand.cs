using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class ChatHistorySettings : ChatIdSettings
{
    [CommandOption("--before <SEQ>"), Description("Only messages before this sequence number (default: up to the newest)")]
    public long? Before { get; set; }

    [CommandOption("--limit <N>"), Description("At most N messages (default 50, at most 200)")]
    public int? Limit { get; set; }

    public override ValidationResult Validate() =>
        Before is <= 0 ? ValidationResult.Error("--before must be a message's sequence number")
        : Limit is <= 0 ? ValidationResult.Error("--limit must be a positive number")
        : ValidationResult.Success();
}

[CliCommand("chat history", "The chat's story, oldest at the top: the latest messages (or those before --before) with the events between them (joins, reminders, blocks, apologies, rules changes); -o json keeps the server's order, newest first")]
[CliExample("chat", "history", "CHAT_ID")]
[CliExample("chat", "history", "CHAT_ID", "--before", "120", "--limit", "20")]
internal sealed class ChatHistoryCommand(CliEnvironment environment) : SferumCommand<ChatHistorySettings>(environment)
{
    private const int ServerDefaultLimit = 50;

    protected override async Task<int> RunAsync(ChatHistorySettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var history = await new ChatService.ChatServiceClient(connection.Invoker).GetHistoryAsync(
            new GetHistoryRequest { ChatId = settings.ChatId, BeforeSeq = settings.Before ?? 0, Limit = settings.Limit ?? 0 }, await connection.AuthorizedAsync());
        // -o json: the server's response as it is (newest first); the table reads top to bottom, oldest first.
        if (output.Json)
        {
            output.WriteJson(history);
            return ExitCodes.Ok;
        }

        var names = await PeopleNames.OfChatsAsync(connection, output, [settings.ChatId]);
        var rows = history.Messages.Select(m => (m.Seq, Row: new[] { $"#{m.Seq}", CliOutput.Time(m.At), names[m.AuthorId], m.Body, Marks(m, names) }))
            .Concat(history.Events.Select(e => (e.Seq, Row: new[] { $"#{e.Seq}", CliOutput.Time(e.At), names[e.ActorId], ChatEventText.Sentence(e, names), "" })))
            .OrderBy(r => r.Seq);
        var table = CliOutput.NewTable("Seq", "Time", "Author", "Text", "Marks");
        foreach (var (_, row) in rows) table.AddTextRow(row);
        output.Write(table);
        var messages = history.Messages.Count;
        var full = messages > 0 && messages >= (settings.Limit ?? ServerDefaultLimit);
        output.Note(full ? $"{messages} message(s); older ones with --before {history.Messages.Min(m => m.Seq)}" : $"{messages} message(s).");
        return ExitCodes.Ok;
    }

    private static string Marks(Message m, PeopleNames names)
    {
        var marks = new List<string>();
        if (m.ReplyTo > 0) marks.Add($"reply to #{m.ReplyTo}");
        if (m.Mentions.Count > 0) marks.Add("mentions " + names.Join(m.Mentions));
        if (m.EditedAt is not null) marks.Add("edited");
        if (m.DeletedAt is not null) marks.Add(m.DeletedBy.Length > 0 && m.DeletedBy != m.AuthorId ? $"deleted by {names[m.DeletedBy]}" : "deleted");
        return string.Join("; ", marks);
    }
}
