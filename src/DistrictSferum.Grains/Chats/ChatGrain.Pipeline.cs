using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// Issue 15: pipelined sends. A send's checks and its sequence number happen in the chat's turn; its commit is awaited
/// out of it, so the next send is numbered while the previous ones commit, and a busy chat hands the log writer a group
/// of events per commit instead of one.
/// <para>
/// The turn: Orleans lets <see cref="IChatGrain.Send"/> interleave (<see cref="MayInterleaveAttribute"/>), and the
/// chat's own <see cref="turnGate"/> (taken by the call filter for every call but the read-only interleaving ones)
/// serialises the calls again; a send leaves the gate once its event is queued (<see cref="LeaveTurn"/>).
/// </para>
/// <para>
/// The pipeline: one group of events per chat is committing at a time; the events queued meanwhile form the next
/// group. A group's events are published in order, then acknowledged, only after the commit. When a group fails,
/// it and every event queued behind it fail, nothing of them is published, and the chat reloads from the log (its
/// numbers, keys and summary), so nothing acknowledged is lost and the log never has a gap.
/// </para>
/// </summary>
[MayInterleave(nameof(InterleavesAtOrleansLevel))]
public sealed partial class ChatGrain
{
    private const int MaxGroup = 256;

    private static readonly ConcurrentDictionary<MethodInfo, bool> AlwaysInterleaving = new();

    private readonly SemaphoreSlim turnGate = new(1, 1);
    private TurnTicket? currentTurn;

    /// <summary>The last number handed out; <see cref="lastSeq"/> is the last one committed.</summary>
    private long issuedSeq;

    private List<QueuedEvent> queued = [];
    private bool committing;
    private Task publishing = Task.CompletedTask;
    private Exception? pipelineFailure;

    /// <summary>Only a send: Orleans starts it beside whatever runs, and the turn gate orders it again.</summary>
    public static bool InterleavesAtOrleansLevel(IInvokable request) => request.GetMethodName() == nameof(IChatGrain.Send);

    private static bool IsAlwaysInterleaving(IIncomingGrainCallContext context) =>
        context.InterfaceMethod is { } method && AlwaysInterleaving.GetOrAdd(method, m => m.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true));

    private sealed class TurnTicket
    {
        public bool Left { get; set; }
    }

    /// <summary>An event waiting for its group; <paramref name="Caller"/>: the call's trace, for the commit's span.</summary>
    private sealed record QueuedEvent(ChatEvent Event, TaskCompletionSource<AppendOutcome> Done, Activity? Caller)
    {
        public ChatEvent Event { get; set; } = Event;
    }

    private async Task<TurnTicket?> EnterTurnAsync(IIncomingGrainCallContext context)
    {
        if (IsAlwaysInterleaving(context) || !ReferenceEquals(context.Grain, this)) return null;
        await turnGate.WaitAsync();
        return currentTurn = new TurnTicket();
    }

    private void ExitTurn(TurnTicket? turn)
    {
        if (turn is null || turn.Left) return;
        turn.Left = true;
        if (ReferenceEquals(currentTurn, turn)) currentTurn = null;
        turnGate.Release();
    }

    /// <summary>The current call lets the next one in: what it still awaits touches no state of the chat.</summary>
    private void LeaveTurn() => ExitTurn(currentTurn);

    /// <summary>Numbers the event and queues it for the next group; the task completes once it is committed and published.</summary>
    private Task<AppendOutcome> Enqueue(ChatEvent chatEvent)
    {
        if (pipelineFailure is not null) throw Reloading();
        var item = new QueuedEvent(chatEvent with { Seq = ++issuedSeq }, new TaskCompletionSource<AppendOutcome>(TaskCreationOptions.RunContinuationsAsynchronously),
            Activity.Current);
        queued.Add(item);
        if (!committing)
        {
            committing = true;
            // The loop serves every later send of the chat: it must not carry the first one's request context or trace.
            using (ExecutionContext.SuppressFlow()) _ = CommitLoopAsync();
        }

        return item.Done.Task;
    }

    /// <summary>Logs and publishes an event, waiting in the turn (events other than sends change what later calls decide).</summary>
    internal Task<AppendOutcome> AppendAndPublishAsync(ChatEvent chatEvent) => Enqueue(chatEvent);

    private async Task CommitLoopAsync()
    {
        try
        {
            while (queued.Count > 0 && pipelineFailure is null)
            {
                var group = queued.Count <= MaxGroup ? queued : queued[..MaxGroup];
                queued = queued.Count <= MaxGroup ? [] : queued[MaxGroup..];
                GroupAppend result;
                try
                {
                    result = await AppendInTraceOfAsync(group[0].Caller, group.Select(q => q.Event).ToList());
                }
                catch (Exception e)
                {
                    Fail(group, e);
                    return;
                }

                var written = group.Take(result.Written.Count).Zip(result.Written).ToList();
                var committedNow = written.Where(w => !w.Second.Duplicate).Select(w => w.Second.Seq).DefaultIfEmpty(lastSeq).Max();
                lastSeq = Math.Max(lastSeq, committedNow);
                publishing = PublishThenAcknowledgeAsync(publishing, written);

                var rest = group.Skip(result.Written.Count).ToList();
                if (result.StoppedBy is { } stopped)
                {
                    Fail(rest, stopped);
                    return;
                }

                if (result.Written.Count > 0 && result.Written[^1].Duplicate)
                {
                    // A retry of an event stored long ago: its number stays unused, so everything behind it moves up one.
                    queued = [.. rest, .. queued];
                    issuedSeq = lastSeq;
                    foreach (var q in queued) q.Event = q.Event with { Seq = ++issuedSeq };
                }
            }
        }
        finally
        {
            committing = false;
        }
    }

    /// <summary>The commit shows up in the trace of the group's first event (the log reads the current activity when it queues).</summary>
    private Task<GroupAppend> AppendInTraceOfAsync(Activity? caller, List<ChatEvent> events)
    {
        var current = Activity.Current;
        if (caller is { IsStopped: false }) Activity.Current = caller;
        try
        {
            return log.AppendGroupAsync(events);
        }
        finally
        {
            Activity.Current = current;
        }
    }

    /// <summary>In order after the previous group: subscribers never see an event before it is durable, nor out of order.</summary>
    private async Task PublishThenAcknowledgeAsync(Task previous, List<(QueuedEvent Item, AppendOutcome Outcome)> written)
    {
        await previous;
        foreach (var (item, outcome) in written)
        {
            if (!outcome.Duplicate)
            {
                try
                {
                    await stream.OnNextAsync(item.Event with { At = outcome.At });
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Committed is what counts: listeners find it in the log at the next event or position heartbeat.
                    logger.LogWarning(e, "Publishing event {Seq} of chat {ChatId} failed", item.Event.Seq, ChatId);
                }
            }

            item.Done.TrySetResult(outcome);
        }
    }

    /// <summary>
    /// The group's failed events and everything queued behind them fail: whether their rows went in is unknown, and later
    /// numbers must not follow a gap. The chat stops taking events and reloads its numbers and keys from the log.
    /// </summary>
    private void Fail(List<QueuedEvent> failed, Exception e)
    {
        pipelineFailure = e;
        var all = failed.Concat(queued).ToList();
        queued = [];
        logger.LogWarning(e, "Committing {Count} events of chat {ChatId} failed; the chat reloads from its log", all.Count, ChatId);
        _ = publishing.ContinueWith(_ =>
        {
            foreach (var q in all) q.Done.TrySetException(Reloading());
        }, TaskScheduler.Current);
        DeactivateOnIdle();
    }

    /// <summary>Whatever the log said, the caller's answer is the same: retry with the same client key (a committed one is found, not repeated).</summary>
    private static DomainException Reloading() => DomainException.Unavailable(ChatErrors.ChatReloading,
        "This chat could not save a message just now and is reloading; send again with the same client key.", Rules.Chat4);
}
