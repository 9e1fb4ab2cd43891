using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
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
/// <c>--json</c> one ChatUpdate per line (JSON Lines; <c>{"event": ...}</c>, and <c>{"caughtUp": ...}</c> once per chat
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
                var chat = await client.GetChatAsync(new GetChatRequest { ChatId = chatId }, options);
                titles[chatId] = chat.Title;
                lastSeq = chat.LastSeq;
            }

            request.Positions.Add(new ChatPosition { ChatId = chatId, LastSeq = lastSeq.Value });
        }

        if (!output.Json && (request.Positions.Count == 0 || request.Positions.Any(p => !titles.ContainsKey(p.ChatId))))
            foreach (var mine in (await client.ListMyChatsAsync(new ListMyChatsRequest(), options)).Chats)
                titles.TryAdd(mine.Chat.ChatId, mine.Chat.Title);

        return await FollowAsync(stop => client.Subscribe(request, options.WithCancellationToken(stop)), settings.Count, settings.Timeout, "event", update =>
        {
            if (output.Json) output.WriteJsonLine(update);
            if (update.UpdateCase != ChatUpdate.UpdateOneofCase.Event) return false;
            if (!output.Json) output.Line(Line(update.Event, titles));
            return true;
        });
    }

    /// <summary><c>[title] #seq author: text</c>; joins, departures, edits and rules changes as <c>[title] #seq * ...</c> system lines.</summary>
    internal static string Line(ChatEvent e, IReadOnlyDictionary<string, string> titles)
    {
        var head = $"[{titles.GetValueOrDefault(e.ChatId, e.ChatId)}] #{e.Seq}";
        return e.Kind switch
        {
            // Replayed from the log, a message deleted since has lost its text.
            ChatEventKind.Posted => $"{head} {e.ActorId}{(e.ReplyTo > 0 ? $" (reply to #{e.ReplyTo})" : "")}: {(e.Body.Length > 0 ? e.Body : "(deleted)")}",
            ChatEventKind.Edited => $"{head} * {e.ActorId} edited #{e.TargetSeq}: {e.Body}",
            ChatEventKind.Deleted => $"{head} * {e.ActorId} deleted #{e.TargetSeq}",
            ChatEventKind.MemberJoined => $"{head} * {e.SubjectUserId} joined",
            ChatEventKind.MemberLeft => $"{head} * {e.SubjectUserId} left",
            ChatEventKind.MemberRemoved => $"{head} * {e.SubjectUserId} was removed" + (e.ActorId.Length > 0 && e.ActorId != e.SubjectUserId ? $" by {e.ActorId}" : ""),
            ChatEventKind.RulesChanged =>
                $"{head} * {e.ActorId} changed the rules to version {e.TargetSeq}; read them with `sferumctl chat show {e.ChatId}`, then accept them with `sferumctl chat accept-rules {e.ChatId} {e.TargetSeq}`",
            _ => $"{head} * {e.Kind}",
        };
    }
}
