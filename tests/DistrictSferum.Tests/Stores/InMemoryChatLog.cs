using DistrictSferum.Grains.Chats;
using System.Collections.Concurrent;
using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Tests.Stores;

/// <summary>The chat log in memory: for grain tests, never production.</summary>
public sealed class InMemoryChatLog : IChatLog
{
    private readonly ConcurrentDictionary<string, List<ChatEvent>> chats = new();
    private readonly ConcurrentDictionary<(string, string), long> markers = new();

    /// <summary>Tests hold or fail a group's commit: awaited before anything of the group is stored.</summary>
    public Func<IReadOnlyList<ChatEvent>, Task>? BeforeGroup { get; set; }

    /// <summary>Every group appended, in order (a pipelined chat's groups hold more than one event).</summary>
    public ConcurrentQueue<IReadOnlyList<ChatEvent>> Groups { get; } = new();

    /// <summary>Tests make a reactivated chat forget its recent keys, as if a retried key were older than it keeps.</summary>
    public bool ForgetRecentKeys { get; set; }

    /// <summary>As PostgreSQL's: stops after a retried key or before a failed event, storing nothing behind it.</summary>
    public async Task<GroupAppend> AppendGroupAsync(IReadOnlyList<ChatEvent> events, CancellationToken cancellationToken = default)
    {
        if (BeforeGroup is { } hold) await hold(events);
        Groups.Enqueue(events.ToList());
        var written = new List<AppendOutcome>(events.Count);
        foreach (var e in events)
        {
            AppendOutcome outcome;
            try
            {
                outcome = await AppendAsync(e, cancellationToken);
            }
            catch (Exception failure)
            {
                return new GroupAppend(written, failure);
            }

            written.Add(outcome);
            if (outcome.Duplicate) break;
        }

        return new GroupAppend(written, null);
    }

    public Task<AppendOutcome> AppendAsync(ChatEvent e, CancellationToken cancellationToken = default)
    {
        var log = chats.GetOrAdd(e.ChatId, _ => []);
        lock (log)
        {
            if (e.ClientKey is not null && log.FirstOrDefault(x => x.ClientKey == e.ClientKey && x.ActorId == e.ActorId) is { } first)
                return Task.FromResult(new AppendOutcome(first.Seq, first.At, Duplicate: true));
            if (log.Any(x => x.Seq == e.Seq)) throw new InvalidOperationException($"Sequence {e.Seq} of chat {e.ChatId} is already taken.");
            log.Add(e);
            if (e.Kind is ChatEventKind.Edited or ChatEventKind.Deleted)
            {
                var index = log.FindIndex(x => x.Seq == e.TargetSeq && x.Kind == ChatEventKind.Posted);
                if (index >= 0)
                    log[index] = e.Kind == ChatEventKind.Edited ? log[index] with { Body = e.Body } : log[index] with { Body = null };
                if (e.Kind == ChatEventKind.Deleted)
                    for (var i = 0; i < log.Count; i++)
                        if (log[i].Kind == ChatEventKind.Edited && log[i].TargetSeq == e.TargetSeq) log[i] = log[i] with { Body = null };
                Changes[(e.ChatId, e.TargetSeq!.Value)] = e;
            }
        }

        return Task.FromResult(new AppendOutcome(e.Seq, e.At, Duplicate: false));
    }

    private ConcurrentDictionary<(string, long), ChatEvent> Changes { get; } = new();

    public Task<long> LastSeqAsync(string chatId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot(chatId).Select(e => e.Seq).DefaultIfEmpty(0).Max());

    public Task<IReadOnlyDictionary<string, AppendOutcome>> RecentKeysAsync(string chatId, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, AppendOutcome>>(Snapshot(chatId).Where(e => e.ClientKey is not null).TakeLast(ForgetRecentKeys ? 0 : count)
            .ToDictionary(e => SendKey.Of(e.ActorId, e.ClientKey!), e => new AppendOutcome(e.Seq, e.At, Duplicate: true)));

    public Task<IReadOnlyList<ChatEvent>> EventsAfterAsync(string chatId, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChatEvent>>(Snapshot(chatId).Where(e => e.Seq > afterSeq).OrderBy(e => e.Seq).Take(limit).ToList());

    public Task<IReadOnlyList<ChatMessage>> MessagesBeforeAsync(string chatId, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChatMessage>>(Snapshot(chatId).Where(e => e.Kind == ChatEventKind.Posted && e.Seq < beforeSeq)
            .OrderByDescending(e => e.Seq).Take(limit).Select(ToMessage).ToList());

    public Task<IReadOnlyList<ChatEvent>> EventsBetweenAsync(string chatId, long afterSeq, long beforeSeq, IReadOnlyList<ChatEventKind> kinds, int limit,
        CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChatEvent>>(Snapshot(chatId).Where(e => e.Seq > afterSeq && e.Seq < beforeSeq && kinds.Contains(e.Kind))
            .OrderByDescending(e => e.Seq).Take(limit).ToList());

    public Task<ChatMessage?> MessageAsync(string chatId, long seq, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot(chatId).Where(e => e.Kind == ChatEventKind.Posted && e.Seq == seq).Select(ToMessage).SingleOrDefault());

    public Task SetReadMarkerAsync(string chatId, string userId, long seq, CancellationToken cancellationToken = default)
    {
        markers.AddOrUpdate((chatId, userId), seq, (_, old) => Math.Max(old, seq));
        return Task.CompletedTask;
    }

    public Task<long> ReadMarkerAsync(string chatId, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(markers.TryGetValue((chatId, userId), out var seq) ? seq : 0);

    public Task<long> UnreadAsync(string chatId, string userId, long afterSeq, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)Snapshot(chatId).Count(e => e.Kind == ChatEventKind.Posted && e.Seq > afterSeq && e.ActorId != userId && e.Body is not null));

    private ChatMessage ToMessage(ChatEvent e)
    {
        var change = Changes.TryGetValue((e.ChatId, e.Seq), out var c) ? c : null;
        return new ChatMessage(e.ChatId, e.Seq, e.ActorId, e.Body, e.ReplyTo, e.Mentions ?? [], e.At,
            change?.Kind == ChatEventKind.Edited ? change.At : null,
            change?.Kind == ChatEventKind.Deleted ? change.At : null,
            change?.Kind == ChatEventKind.Deleted ? change.ActorId : null,
            change?.Kind == ChatEventKind.Deleted || e.Attachments is not { Count: > 0 } ? null : e.Attachments);
    }

    private List<ChatEvent> Snapshot(string chatId)
    {
        var log = chats.GetOrAdd(chatId, _ => []);
        lock (log) return log.ToList();
    }
}
