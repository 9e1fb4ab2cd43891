using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class TailChatsSettings : GlobalSettings
{
    [CommandArgument(0, "[CHAT_ID]")]
    [Description("Chats to follow, each CHAT_ID or CHAT_ID:SEQ (what comes after SEQ); none: all your chats, from now")]
    public string[]? Chats { get; set; }

    [CommandOption("--from <SEQ>"), Description("For the CHAT_IDs without :SEQ, start after SEQ (default: from now)")]
    public long? From { get; set; }

    [CommandOption("--count <N>"), Description("Stop after N events")]
    public int? Count { get; set; }

    [CommandOption("--timeout <SECONDS>"), Description("Stop after SECONDS; with --count, fewer events by then is a failure (exit 1)")]
    public int? Timeout { get; set; }

    /// <summary>The chats named and where each starts: after the given sequence number, or null for from now.</summary>
    public IEnumerable<(string ChatId, long? After)> Positions() => (Chats ?? []).Select(arg =>
    {
        var colon = arg.LastIndexOf(':');
        return colon < 0 ? (arg, From) : (arg[..colon], long.Parse(arg[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    });

    public override ValidationResult Validate()
    {
        foreach (var arg in Chats ?? [])
        {
            var colon = arg.LastIndexOf(':');
            if (colon == 0 || (colon > 0 && !(long.TryParse(arg[(colon + 1)..], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out _))))
                return ValidationResult.Error($"'{arg}' is not CHAT_ID or CHAT_ID:SEQ");
        }

        if (From is < 0) return ValidationResult.Error("--from must be a sequence number (0: from the start)");
        if (From is not null && Chats is not { Length: > 0 }) return ValidationResult.Error("--from needs the CHAT_IDs it applies to");
        return Count is <= 0 || Timeout is <= 0 ? ValidationResult.Error("--count and --timeout must be positive numbers") : ValidationResult.Success();
    }
}

/// <summary>
/// <c>chat tail</c>: one Subscribe stream for the chats, printing each event as it arrives: a line per event, or with
/// <c>--json</c> one SubscribeResponse per line (JSON Lines; <c>{"event": ...}</c>, and <c>{"caughtUp": ...}</c> once per chat
/// when what was missed has been delivered).
/// </summary>
[CliCommand("chat tail", "Follow chats live, printing events as they arrive (with --json one JSON object per line), until Ctrl+C, --count or --timeout (CHAT-4)")]
[CliExample("chat", "tail")]
[CliExample("chat", "tail", "CHAT_ID", "--from", "120")]
[CliExample("chat", "tail", "CHAT_ID:120", "OTHER_CHAT_ID", "--count", "10", "--timeout", "60", "--json")]
internal sealed class TailChatsCommand(CliEnvironment environment) : SferumCommand<TailChatsSettings>(environment)
{
    protected override async Task<int> RunAsync(TailChatsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new SubscribeRequest();
        foreach (var (chatId, after) in settings.Positions())
        {
            var lastSeq = after;
            if (lastSeq is null)
            {
                // From now: after the chat's last event (what arrives meanwhile is delivered, not lost).
                var chat = (await client.GetChatAsync(new GetChatRequest { ChatId = chatId }, options)).Chat;
                titles[chatId] = chat.Title;
                lastSeq = chat.LastSeq;
            }

            request.Positions.Add(new ChatPosition { ChatId = chatId, LastSeq = lastSeq.Value });
        }

        if (!output.Json && (request.Positions.Count == 0 || request.Positions.Any(p => !titles.ContainsKey(p.ChatId))))
            foreach (var mine in (await client.ListMyChatsAsync(new ListMyChatsRequest { PageSize = 500 }, options)).Chats)
                titles.TryAdd(mine.Chat.ChatId, mine.Chat.Title);

        var names = await PeopleNames.OfChatsAsync(connection, output, request.Positions.Select(p => p.ChatId).Concat(titles.Keys));
        return await FollowAsync(stop => client.Subscribe(request, options.WithCancellationToken(stop)), settings.Count, settings.Timeout, "event", update =>
        {
            if (output.Json) output.WriteJsonLine(update);
            if (update.UpdateCase != SubscribeResponse.UpdateOneofCase.Event) return false;
            if (!output.Json)
            {
                // Someone who joined after the names were loaded: learn the chat's members again, once per new person.
                var e = update.Event;
                if (!names.Knows(e.ActorId) || !names.Knows(e.SubjectUserId)) Learn(connection, names, e.ChatId, e.ActorId, e.SubjectUserId);
                output.Line(Line(e, titles, names));
            }

            return true;
        });
    }

    /// <summary><c>[title] #seq author: text</c>; everything else as <c>[title] #seq * sentence</c> (<see cref="ChatEventText"/>).</summary>
    internal static string Line(ChatEvent e, IReadOnlyDictionary<string, string> titles, PeopleNames names) =>
        $"[{titles.GetValueOrDefault(e.ChatId, e.ChatId)}] #{e.Seq} {ChatEventText.Sentence(e, names)}";

    private static void Learn(ServerConnection connection, PeopleNames names, string chatId, params string[] userIds)
    {
        names.AddChatAsync(connection, chatId).GetAwaiter().GetResult();
        foreach (var id in userIds.Where(id => !names.Knows(id))) names.Add(id, id);
    }
}
