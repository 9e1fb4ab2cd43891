using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

/// <summary>One chat as JSON, or as a field/value table followed by its numbered rules (ETH-4).</summary>
internal static class ChatView
{
    public static async Task WriteAsync(CliOutput output, ServerConnection connection, Chat chat)
    {
        if (output.Json)
        {
            output.WriteJson(chat);
            return;
        }

        var classes = chat.ClassId.Length > 0 ? await ClassNames.LoadAsync(connection, chat.SchoolId) : null;
        var names = await PeopleNames.OfChatsAsync(connection, output, [chat.ChatId]);
        output.Write(CliOutput.KeyValues([
            ("Id", chat.ChatId),
            ("Title", chat.Title),
            ("Kind", ChatLabels.Of(chat.Kind)),
            ("School", chat.SchoolId),
            ("Class", classes?.WithId(chat.ClassId) ?? ""),
            ("Subject", chat.Subject),
            ("Moderators", names.Join(chat.ModeratorIds)),
            ("Members", chat.MemberCount.ToString()),
            ("Created", $"{CliOutput.Time(chat.CreatedAt)} by {names[chat.CreatedBy]}"),
            ("Last seq", $"#{chat.LastSeq}"),
            ("Archived", chat.ArchivedAt is { } archived ? $"{CliOutput.Time(archived)} (read-only)" : "no"),
        ]));
        WriteRules(output, chat);
    }

    /// <summary>"Rules of "title", version N:" and the numbered clauses.</summary>
    public static void WriteRules(CliOutput output, Chat chat)
    {
        var rules = chat.Rules ?? new ChatRules();
        output.Line($"Rules of \"{chat.Title}\", version {rules.Version} (since {CliOutput.Time(rules.ChangedAt)}):");
        foreach (var clause in ChatLabels.Numbered(rules.Clauses)) output.Line("  " + clause);
    }
}
