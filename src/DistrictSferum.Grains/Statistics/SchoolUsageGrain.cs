using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DistrictSferum.Grains.Chats;

namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// A school's aggregator (DIS-4). Every tick it reads what the school's durable sources gained after its
/// checkpoints (chat logs, movements, the moderation audit, usage events), folds it into minute/hour/day cells and
/// commits cells and checkpoints in one transaction: after a crash it resumes from the last commit, counting
/// nothing twice and losing nothing. Then it closes the minutes that ended and rings the usage stream.
/// </summary>
public sealed class SchoolUsageGrain(
    PostgresUsageStore store,
    IOptions<StatisticsOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<SchoolUsageGrain> logger) : Grain, ISchoolUsageGrain, IRemindable
{
    public const string ChatSource = "chat";
    public const string MovementSource = "movements";
    public const string AuditSource = "audit";
    public const string EventSource = "events";
    public const string ClosedSource = "closed";

    private readonly Dictionary<(string Source, string Key), Checkpoint> checkpoints = [];
    private readonly Dictionary<string, ChatView?> chats = [];
    private readonly Dictionary<string, string> roles = [];
    private readonly StoredMembers storedMembers = new();
    private IGrainTimer? timer;
    private bool loaded;
    private long prunedAt = Environment.TickCount64;
    private SchoolUsageShape shape = new(false, "", new Dictionary<string, UsageClass>());
    private IReadOnlyList<string> chatIds = [];

    private string SchoolId => this.GetPrimaryKeyString();

    private StatisticsOptions Options => options.Value;

    public async Task Start()
    {
        if (!Options.Enabled || timer is not null) return;
        timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(Options.TickInterval, Options.TickInterval) { KeepAlive = true });
        await this.RegisterOrUpdateReminder("usage", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Start();

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        try
        {
            if (!loaded) await LoadAsync();
            // A backlog (after a restart) is worked off in several rounds within one tick.
            for (var round = 0; round < 20 && await RoundAsync(); round++)
            {
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Memory may be ahead of what was committed: start again from the stored checkpoints.
            loaded = false;
            logger.LogWarning(e, "Usage aggregation of school {SchoolId} failed; it resumes from its checkpoints", SchoolId);
        }

        AlignToNextClose(startedAt);
    }

    /// <summary>
    /// A minute closes CloseGrace after its end. The tick before that moment is moved onto it, so watchers get the
    /// minute at the grace rather than up to a whole tick later; a close moment that passed while this round ran is
    /// caught up at once (the next round starts after it, so this never repeats within a minute).
    /// </summary>
    private void AlignToNextClose(DateTimeOffset roundStartedAt)
    {
        var now = clock.GetUtcNow();
        var lastClose = UsageFolding.BucketStart(now - Options.CloseGrace, UsageBucketSize.Minute) + Options.CloseGrace;
        var wait = roundStartedAt < lastClose ? TimeSpan.FromMilliseconds(1) : lastClose.AddMinutes(1) - now + TimeSpan.FromMilliseconds(20);
        if (wait > TimeSpan.Zero && wait < Options.TickInterval) timer?.Change(wait, Options.TickInterval);
    }

    private async Task LoadAsync()
    {
        checkpoints.Clear();
        foreach (var c in await store.CheckpointsAsync(SchoolId)) checkpoints[(c.Source, c.Key)] = c;
        loaded = true;
    }

    /// <summary>One read-fold-commit round; true when a source had more than one batch waiting.</summary>
    private async Task<bool> RoundAsync()
    {
        var now = clock.GetUtcNow();
        var facts = new List<UsageFact>();
        var replies = new List<ReplySample>();
        var moved = new List<Checkpoint>();
        var backlog = false;
        shape = await School.UsageShape();
        if (!shape.Registered) return false;

        chatIds = await GrainFactory.GetGrain<ISchoolChatIds>(SchoolId).ChatIds();

        backlog |= await ReadChatsAsync(now, facts, replies, moved);
        backlog |= await ReadMovementsAsync(facts, moved);
        backlog |= await ReadAuditAsync(now, facts, moved);
        backlog |= await ReadEventsAsync(facts, moved);

        var closed = Position(ClosedSource, "");
        var closeTo = backlog ? closed : UsageFolding.BucketStart(now - Options.CloseGrace, UsageBucketSize.Minute).ToUnixTimeMilliseconds();
        if (closeTo > closed) moved.Add(new Checkpoint(ClosedSource, "", closeTo));
        if (facts.Count == 0 && moved.Count == 0) return false;

        await store.CommitAsync(SchoolId, UsageFolding.Fold(facts), moved, replies, storedMembers);
        foreach (var c in moved) checkpoints[(c.Source, c.Key)] = c;
        if (closeTo > closed)
        {
            var rung = new UsageBucketClosed(SchoolId, DateTimeOffset.FromUnixTimeMilliseconds(closeTo));
            var provider = this.GetStreamProvider(StreamNames.Provider);
            await provider.GetStream<UsageBucketClosed>(StreamId.Create(StreamNames.Usage, SchoolId)).OnNextAsync(rung);
            await provider.GetStream<UsageBucketClosed>(StreamId.Create(StreamNames.Usage, StreamNames.UsageDistrictKey)).OnNextAsync(rung);
        }

        // Real time, not the rules' clock: housekeeping must not wait for a test to move the domain clock.
        if (Environment.TickCount64 - prunedAt > 10 * 60_000)
        {
            await store.PruneMembersAsync(SchoolId, now);
            prunedAt = Environment.TickCount64;
        }

        return backlog;
    }

    private async Task<bool> ReadChatsAsync(DateTimeOffset now, List<UsageFact> facts, List<ReplySample> replies, List<Checkpoint> moved)
    {
        var backlog = false;
        // A chat known to be gone is not read: its rows would be fetched every round only to be dropped.
        var readable = chatIds.Where(id => !chats.TryGetValue(id, out var known) || known is not null);
        var logged = await store.ChatEventsAfterAsync([.. readable.Select(id => (id, Position(ChatSource, id)))], Options.BatchSize);
        foreach (var (chatId, rows) in logged)
        {
            var checkpoint = checkpoints.GetValueOrDefault((ChatSource, chatId)) ?? new Checkpoint(ChatSource, chatId, 0);
            var chat = await ChatAsync(chatId);
            if (chat is null) continue;
            backlog |= rows.Count == Options.BatchSize;
            await LearnRolesAsync(rows.SelectMany(r => new[] { r.ActorId, r.SubjectUserId }).OfType<string>());
            var schoolClass = chat.ClassId is { } classId ? shape.Classes.GetValueOrDefault(classId) : null;
            var kind = UsageNames.ChatKind(chat.Kind);
            var (position, pendingAt, pendingMember) = (checkpoint.Position, checkpoint.PendingAt, checkpoint.PendingMember);
            foreach (var row in rows)
            {
                // A hole is an append still committing (wait) or one that failed long ago (step over it).
                if (row.Seq != position + 1 && now - row.At < Options.GapTimeout) break;
                position = row.Seq;
                var role = RoleOf(row.ActorId);
                var member = MemberKeys.Of(row.ActorId);
                switch ((ChatEventKind)row.Kind)
                {
                    case ChatEventKind.Posted:
                        facts.Add(new UsageFact(row.At, SchoolId, schoolClass, kind, role, UsageKinds.MessageSent, member));
                        facts.Add(new UsageFact(row.At, SchoolId, schoolClass, kind, role, UsageKinds.ActiveMembers, member));
                        if (chat.Kind != ChatKind.ClassParents) break;
                        if (role == "parent" && pendingAt is null) (pendingAt, pendingMember) = (row.At, member);
                        else if (role is "teacher" or "staff" && pendingAt is { } asked && pendingMember is { } parent)
                        {
                            var seconds = Math.Max(0, (row.At - asked).TotalSeconds);
                            facts.Add(new UsageFact(row.At, SchoolId, schoolClass, kind, "parent", UsageKinds.StaffReply, parent, 1, seconds));
                            replies.Add(new ReplySample(row.At, seconds, parent));
                            (pendingAt, pendingMember) = (null, null);
                        }

                        break;
                    case ChatEventKind.MemberJoined:
                        facts.Add(new UsageFact(row.At, SchoolId, schoolClass, kind, role, UsageKinds.ChatJoined, member));
                        break;
                    case ChatEventKind.MemberLeft:
                    case ChatEventKind.MemberRemoved:
                        var subject = row.SubjectUserId ?? row.ActorId;
                        facts.Add(new UsageFact(row.At, SchoolId, schoolClass, kind, RoleOf(subject), UsageKinds.ChatLeft, MemberKeys.Of(subject)));
                        break;
                }
            }

            if (position != checkpoint.Position || pendingAt != checkpoint.PendingAt)
                moved.Add(new Checkpoint(ChatSource, chatId, position, pendingAt, pendingMember));
        }

        return backlog;
    }

    private async Task<bool> ReadMovementsAsync(List<UsageFact> facts, List<Checkpoint> moved)
    {
        var from = Position(MovementSource, "");
        var rows = await store.MovementsAsync(SchoolId, from, Options.BatchSize);
        if (rows.Count == 0) return false;
        await LearnRolesAsync(rows.Select(r => r.UserId));
        var position = from;
        foreach (var row in rows)
        {
            // school_movements numbers are shared by all schools; one school's appends commit one after another.
            position = row.Seq;
            var member = MemberKeys.Of(row.UserId);
            var (kind, classId, role) = (MovementKind)row.Kind switch
            {
                MovementKind.Joined => (UsageKinds.SchoolJoined, row.ToClassId, RoleOf(row.UserId)),
                MovementKind.StudentMoved => (UsageKinds.StudentMoved, row.ToClassId, "student"),
                MovementKind.StudentLeft => (UsageKinds.SchoolLeft, row.FromClassId, "student"),
                MovementKind.ParentLeft => (UsageKinds.SchoolLeft, row.FromClassId, "parent"),
                _ => (UsageKinds.SchoolLeft, row.FromClassId, RoleOf(row.UserId) is { Length: > 0 } r ? r : "staff"),
            };
            facts.Add(new UsageFact(row.At, SchoolId, ClassOf(classId), "", role, kind, member));
        }

        if (position != from) moved.Add(new Checkpoint(MovementSource, "", position));
        return rows.Count == Options.BatchSize;
    }

    private async Task<bool> ReadAuditAsync(DateTimeOffset now, List<UsageFact> facts, List<Checkpoint> moved)
    {
        var from = Position(AuditSource, "");
        var rows = await store.AuditAsync(SchoolId, from, Options.BatchSize);
        if (rows.Count == 0) return false;
        await LearnRolesAsync(rows.Select(r => r.ActorId));
        var position = from;
        foreach (var row in rows)
        {
            if (row.Seq != position + 1 && now - row.At < Options.GapTimeout) break;
            position = row.Seq;
            if (row.Refused) continue;
            var chat = await ChatAsync(row.ChatId);
            var schoolClass = chat?.ClassId is { } classId ? shape.Classes.GetValueOrDefault(classId) : null;
            facts.Add(new UsageFact(row.At, SchoolId, schoolClass, chat is null ? "" : UsageNames.ChatKind(chat.Kind), RoleOf(row.ActorId),
                UsageKinds.ModerationPrefix + row.Action, MemberKeys.Of(row.SubjectUserId ?? row.ActorId)));
        }

        if (position != from) moved.Add(new Checkpoint(AuditSource, "", position));
        return rows.Count == Options.BatchSize;
    }

    private async Task<bool> ReadEventsAsync(List<UsageFact> facts, List<Checkpoint> moved)
    {
        var from = Position(EventSource, "");
        var rows = await store.EventsAsync(SchoolId, from, Options.BatchSize);
        if (rows.Count == 0) return false;
        var position = from;
        foreach (var row in rows)
        {
            position = row.Seq;
            var schoolClass = ClassOf(row.ClassId);
            facts.Add(new UsageFact(row.At, SchoolId, schoolClass, row.ChatKind ?? "", row.Role ?? "", row.Kind, row.Member, 1, row.Seconds));
            if (row.Kind == UsageKinds.Session)
                facts.Add(new UsageFact(row.At, SchoolId, schoolClass, "", row.Role ?? "", UsageKinds.ActiveMembers, row.Member));
        }

        if (position != from) moved.Add(new Checkpoint(EventSource, "", position));
        return rows.Count == Options.BatchSize;
    }

    private async Task<ChatView?> ChatAsync(string chatId)
    {
        if (chats.TryGetValue(chatId, out var known)) return known;
        ChatView? view;
        try
        {
            view = await GrainFactory.GetGrain<IChatRegistration>(chatId).Summary();
        }
        catch (Contracts.Errors.DomainException)
        {
            view = null;
        }

        if (chats.Count > 10_000) chats.Clear();
        return chats[chatId] = view;
    }

    /// <summary>Roles are asked of the school; a member who has left keeps the role learned while they were one.</summary>
    private async Task LearnRolesAsync(IEnumerable<string> userIds)
    {
        var unknown = userIds.Where(id => !roles.ContainsKey(id)).Distinct().ToList();
        if (unknown.Count == 0) return;
        if (roles.Count > 100_000) roles.Clear();
        foreach (var (id, role) in await School.UsageRoles(unknown))
            if (role.Length > 0 || !roles.ContainsKey(id)) roles[id] = role;
    }

    private string RoleOf(string userId) => roles.GetValueOrDefault(userId) ?? "";

    private UsageClass? ClassOf(string? classId) => classId is null ? null : shape.Classes.GetValueOrDefault(classId);

    private ISchoolUsageSource School => GrainFactory.GetGrain<ISchoolUsageSource>(SchoolId);

    private long Position(string source, string key) => checkpoints.TryGetValue((source, key), out var c) ? c.Position : 0;
}
