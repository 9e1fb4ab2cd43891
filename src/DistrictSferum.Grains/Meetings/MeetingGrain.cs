using DistrictSferum.Contracts.Chats;
using System.Security.Cryptography;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Meetings.Conferencing;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Meetings;

/// <summary>What time does to a meeting, run by its reminder (and on every access): trusted, grain-to-grain.</summary>
[Alias("ds.IMeetingClock")]
internal interface IMeetingClock : IGrainWithStringKey
{
    /// <summary>Announces what fell due and counts what ended; returns the moment the reminder is set to next.</summary>
    [Alias("Tick")]
    Task<DateTimeOffset?> Tick();
}

/// <summary>
/// A meeting (CHAT-9, ORG-13, ORG-17): decides through <see cref="MeetingRules"/>, keeps its schedule in state and
/// its view and attendance in PostgreSQL, announces through its chat, lets its audience in through the district's
/// conferencing provider. Time is evaluated on every access; the Orleans reminder only makes announcements on time.
/// </summary>
public sealed class MeetingGrain(
    [PersistentState("meeting", StorageNames.Grains)] IPersistentState<MeetingState> state,
    IMeetingStore store,
    IConferenceProvider provider,
    IUsageRecorder usage,
    ILogger<MeetingGrain> logger,
    IOptions<MeetingOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, IMeetingGrain, IMeetingClock, IRemindable
{
    private const string ReminderName = "meeting-clock";
    private static readonly TimeSpan NoticeRetry = TimeSpan.FromMinutes(1);
    private DateTimeOffset? armedFor;
    private bool armed;

    private MeetingState S => state.State;

    private MeetingView M => S.Meeting ?? throw NotFound();

    private string MeetingId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private TimeSpan Lead => options.Value.ReminderLead;

    private ISchoolGrain School => GrainFactory.GetGrain<ISchoolGrain>(M.SchoolId);

    private ISchoolFacts SchoolFacts => GrainFactory.GetGrain<ISchoolFacts>(M.SchoolId);

    /// <summary>The school whose suspension makes this meeting unchangeable; none before creation.</summary>
    internal string? SchoolScope => S.Meeting?.SchoolId;

    public async Task<MeetingView> Create(Actor actor, NewMeeting meeting)
    {
        if (S.Created)
        {
            // Issue 9: a retried create (its id derived from the organiser's request id) answers the first meeting.
            if (M.OrganizerId != actor.UserId || M.SchoolId != meeting.SchoolId) throw DomainException.Exists(MeetingErrors.MeetingExists, "This meeting already exists.");
            return View();
        }

        if (string.IsNullOrEmpty(meeting.SchoolId)) throw DomainException.InvalidField("school_id", CommonErrors.IdInvalid, "school_id is missing.");
        var now = Now;
        var m = MeetingRules.Validate(meeting, now);
        var school = GrainFactory.GetGrain<ISchoolFacts>(m.SchoolId);
        var organiser = await MembershipOrNull(school, actor.UserId)
            ?? throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);

        ChatFacts? chat = null;
        string? classId = m.Audience.ClassId;
        if (m.Audience.ChatId is { } chatId)
        {
            chat = await FactsAsync(chatId, actor.UserId);
            classId ??= chat?.ClassId;
        }

        var schoolClass = classId is null ? null : await ClassOrNull(school, classId)
            ?? throw DomainException.NotFound(SchoolErrors.ClassNotFound, "No such class.", Rules.Dis1);
        if (m.QuestionsChatId is { } questions && (await FactsAsync(questions, actor.UserId))?.SchoolId != m.SchoolId)
            throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        MeetingRules.EnsureMayOrganise(m, organiser, schoolClass, chat);

        var announceIn = m.Audience.ChatId;
        if (announceIn is null && (m.Kind == MeetingKind.Broadcast || m.Audience.Kind == AudienceKind.Staff))
        {
            var channels = await GrainFactory.GetGrain<ISchoolChannels>(m.SchoolId).Channels();
            announceIn = m.Audience.Kind == AudienceKind.Staff ? channels.Staff : channels.School;
        }

        S.Meeting = new MeetingView(MeetingId, m.SchoolId, m.Kind, m.Title, m.Agenda, actor.UserId, organiser.DisplayName, m.Audience,
            m.Start, m.Duration, m.WeeklyOccurrences, [], MeetingStatus.Scheduled, null, null,
            MeetingRules.CapacityOf(m.Kind, options.Value.Capacity), announceIn, m.QuestionsChatId, now, null, null);
        S.Room = "sferum-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        S.OrganizerRole = MeetingRules.RoleOf(organiser);
        S.OrganizerUsageRole = SchoolGrain.UsageRoleOf(organiser.Roles);
        S.ClassId = classId;
        S.StreamUrl = m.StreamUrl;
        S.AnnouncedUpTo = S.AccountedUpTo = now;
        CountUsage($"{MeetingId}/planned", MeetingUsage.Planned, actor.UserId, S.OrganizerUsageRole);
        Announce(MeetingNoticeKind.Created, MeetingSchedule.CurrentOrNext(M, now), actor.UserId);
        await SaveAsync();
        await DeliverNoticesAsync();
        await ArmAsync();
        return View();
    }

    public async Task<MeetingView> Get(Actor actor)
    {
        var viewer = await RequireAudienceAsync(actor);
        await ApplyTimeAsync();
        return MayManage(viewer) ? View() with { AttendanceCount = await store.AttendanceCountAsync(MeetingId) } : View();
    }

    public async Task<MeetingView> Reschedule(Actor actor, DateTimeOffset start, TimeSpan? duration)
    {
        var manager = await RequireManagerAsync(actor);
        await ApplyTimeAsync();
        var now = Now;
        EnsureNotOver(now);
        if (MeetingSchedule.Evaluate(M, now).Status == MeetingStatus.Live)
            throw DomainException.Precondition(MeetingErrors.MeetingLive, "A running meeting is not moved; end it first.", RuleOf());
        var newDuration = duration is { } d && d > TimeSpan.Zero ? d : M.Duration;
        MeetingRules.EnsureTime(start, newDuration, now, M.Kind);
        S.Meeting = M with { Start = start, Duration = newDuration, CancelledOccurrences = [], StartedAt = null, EndedAt = null };
        S.AnnouncedUpTo = now;
        ResetParticipants();
        Announce(MeetingNoticeKind.Rescheduled, MeetingSchedule.CurrentOrNext(M, now), manager.UserId);
        await SaveAsync();
        await DeliverNoticesAsync();
        await ArmAsync();
        return View();
    }

    public async Task<MeetingView> Cancel(Actor actor, DateTimeOffset? occurrenceStart)
    {
        var manager = await RequireManagerAsync(actor);
        await ApplyTimeAsync();
        var now = Now;
        EnsureNotOver(now);
        if (occurrenceStart is { } occurrence)
        {
            if (M.WeeklyOccurrences <= 1)
                throw DomainException.InvalidField("occurrence_start", MeetingErrors.NotASeries, "Only one occurrence of a weekly series is cancelled this way.", RuleOf());
            var match = MeetingSchedule.Occurrences(M).FirstOrDefault(o => o.Start == occurrence);
            if (match == default || match.Start <= now)
                throw DomainException.InvalidField("occurrence_start", MeetingErrors.OccurrenceInvalid, "No future occurrence of this series starts then.", RuleOf());
            S.Meeting = M with { CancelledOccurrences = [.. M.CancelledOccurrences, occurrence] };
            Announce(MeetingNoticeKind.OccurrenceCancelled, match, manager.UserId);
            await SaveAsync();
            await DeliverNoticesAsync();
        }
        else
        {
            var next = MeetingSchedule.CurrentOrNext(M, now);
            S.Meeting = M with { Status = MeetingStatus.Cancelled };
            Announce(MeetingNoticeKind.Cancelled, next, manager.UserId);
            await SaveAsync();
            await DeliverNoticesAsync();
        }

        await ArmAsync();
        return View();
    }

    public async Task<MeetingView> Start(Actor actor)
    {
        var manager = await RequireManagerAsync(actor);
        await ApplyTimeAsync();
        var now = Now;
        EnsureNotOver(now);
        EnsureSingle();
        var current = MeetingSchedule.Evaluate(M, now);
        if (current.Status == MeetingStatus.Live) return View();
        S.Meeting = M with { StartedAt = now };
        S.AnnouncedUpTo = now;
        Announce(MeetingNoticeKind.Started, MeetingSchedule.CurrentOrNext(M, now), manager.UserId);
        await SaveAsync();
        await DeliverNoticesAsync();
        await ArmAsync();
        return View();
    }

    public async Task<MeetingView> End(Actor actor)
    {
        var manager = await RequireManagerAsync(actor);
        await ApplyTimeAsync();
        var now = Now;
        EnsureSingle();
        if (MeetingSchedule.Evaluate(M, now).Status != MeetingStatus.Live)
            throw DomainException.Precondition(MeetingErrors.MeetingNotLive, "Only a running meeting is ended.", RuleOf());
        S.Meeting = M with { EndedAt = now };
        S.AnnouncedUpTo = S.AccountedUpTo = now;
        var occurrence = MeetingSchedule.Occurrences(M)[0];
        Account(occurrence);
        Announce(MeetingNoticeKind.Ended, occurrence, manager.UserId);
        await SaveAsync();
        await DeliverNoticesAsync();
        await ArmAsync();
        return View();
    }

    public async Task<JoinTicket> Join(Actor actor)
    {
        var member = await RequireAudienceAsync(actor);
        await ApplyTimeAsync();
        var now = Now;
        EnsureNotOver(now);
        var occurrence = MeetingSchedule.CurrentOrNext(M, now)!.Value;
        var opens = occurrence.Start - options.Value.JoinEarly;
        if (now < opens)
            throw DomainException.Precondition(MeetingErrors.MeetingNotOpen, $"The meeting opens at {opens:yyyy-MM-dd HH:mm} UTC.", RuleOf());
        if (S.ParticipantsOccurrence != occurrence.Start) ResetParticipants(occurrence.Start);
        MeetingRules.EnsureCapacity(M.Capacity, S.Participants, member.UserId, M.Kind, occurrence.End - now);

        var moderator = MeetingRules.IsModerator(M.OrganizerId, member);
        var url = !moderator && S.StreamUrl is { } stream
            ? stream
            : provider.JoinUrl(new ConferenceJoin(S.Room, member.UserId, member.DisplayName, moderator, opens, occurrence.End));
        if (M.Capacity is not null) S.Participants.Add(member.UserId);
        S.AttendedOccurrences.Add(occurrence.Start);
        CountUsage(Guid.NewGuid().ToString("N"), MeetingUsage.Joined, member.UserId, SchoolGrain.UsageRoleOf(member.Roles));
        await state.WriteStateAsync();
        await FlushUsageAsync();
        var role = MeetingRules.RoleOf(member);
        await store.AddAttendanceAsync(new AttendanceEntry(MeetingId, occurrence.Start, member.UserId, member.DisplayName, role, now));
        return new JoinTicket(MeetingId, url, occurrence.End, moderator, occurrence.Start);
    }

    public async Task<Page<AttendanceEntry>> Attendance(Actor actor, PageRequest page)
    {
        await RequireManagerAsync(actor);
        return await store.AttendanceAsync(MeetingId, page);
    }

    // --- time ---

    public async Task<DateTimeOffset?> Tick()
    {
        if (!S.Created) return null;
        await ApplyTimeAsync();
        return armedFor;
    }

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (!S.Created)
        {
            await DisarmAsync();
            return;
        }

        armed = true;
        armedFor = null;
        await Tick();
    }

    /// <summary>Announces what fell due since the last look and counts ended occurrences, once each.</summary>
    private async Task ApplyTimeAsync()
    {
        var now = Now;
        if (now <= S.AnnouncedUpTo && now <= S.AccountedUpTo)
        {
            await DeliverNoticesAsync();
            await FlushUsageAsync();
            await ArmAsync();
            return;
        }

        var due = MeetingSchedule.Due(M, S.AnnouncedUpTo, now, Lead);
        var ended = MeetingSchedule.EndedBetween(M, S.AccountedUpTo, now).ToList();
        // Queued with the mark in one state write, then delivered: a failure retries on the next access or reminder
        // (a notice may repeat, never vanish).
        foreach (var (kind, occurrence) in due) Announce(kind, occurrence, "system");
        foreach (var occurrence in ended) Account(occurrence);
        S.AnnouncedUpTo = S.AccountedUpTo = now;
        // A read with nothing due writes nothing: the interval holds nothing to announce whenever it is looked at again.
        if (due.Count > 0 || ended.Count > 0) await state.WriteStateAsync();
        await DeliverNoticesAsync();
        await FlushUsageAsync();

        await ArmAsync();
    }

    /// <summary>
    /// DIS-4: an occurrence someone joined was held, for its minutes, by its organiser's role and the meeting's kind;
    /// its event id is the occurrence's, so it is counted once however often it is looked at.
    /// </summary>
    private void Account(Occurrence occurrence)
    {
        if (!S.AttendedOccurrences.Contains(occurrence.Start)) return;
        CountUsage($"{MeetingId}/held/{occurrence.Start.ToUnixTimeSeconds()}", MeetingUsage.Held, M.OrganizerId, S.OrganizerUsageRole,
            (occurrence.End - occurrence.Start).TotalSeconds, occurrence.Start);
    }

    /// <summary>Sets the reminder to the next moment to announce; none once the meeting is over.</summary>
    private async Task ArmAsync()
    {
        var now = Now;
        var next = MeetingSchedule.NextMoment(M, now, Lead);
        // Notices that could not be delivered are retried by the reminder too, so they wait for no reader.
        if (S.PendingNotices.Count > 0 && (next is null || next > now + NoticeRetry)) next = now + NoticeRetry;
        if (next == armedFor && armed == next.HasValue) return;
        if (next is { } moment)
        {
            await this.RegisterOrUpdateReminder(ReminderName, moment - now, TimeSpan.FromHours(1));
            armed = true;
        }
        else
        {
            await DisarmAsync();
        }

        armedFor = next;
    }

    private async Task DisarmAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        armed = false;
    }

    // --- plumbing ---

    /// <summary>Queues a notice; it is committed with the state change it tells of and delivered after it.</summary>
    private void Announce(MeetingNoticeKind kind, Occurrence? occurrence, string actorId) =>
        S.PendingNotices.Add(new MeetingNotice(MeetingId, M.SchoolId, kind, M.Kind, M.Title, occurrence?.Start, occurrence?.End, actorId, Now));

    /// <summary>
    /// Posts the queued notices in order to the meeting's chat and its audience's streams. One that fails stays queued
    /// with those after it, for the next access or reminder; the command that queued it has succeeded all the same.
    /// </summary>
    private async Task DeliverNoticesAsync()
    {
        if (S.PendingNotices.Count == 0) return;
        var delivered = 0;
        try
        {
            while (S.PendingNotices.Count > 0)
            {
                var notice = S.PendingNotices[0];
                if (M.AnnouncementChatId is { } chatId)
                    await GrainFactory.GetGrain<IChatAnnouncements>(chatId).PostMeetingNotice(notice.ActorId, MeetingText.Notice(notice));
                await NotifyAudienceAsync(notice);
                S.PendingNotices.RemoveAt(0);
                delivered++;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Announcing meeting {MeetingId} failed; {Count} notices are retried", MeetingId, S.PendingNotices.Count);
        }

        if (delivered == 0) return;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Delivered but still queued in storage: a later activation may repeat them, never lose them.
            logger.LogWarning(e, "Meeting {MeetingId} could not record its delivered notices", MeetingId);
        }
    }

    /// <summary>
    /// Each audience member's Subscribe stream gets the notice. A chat's members already get it as the chat's event;
    /// a class, the staff or the whole school are listed from the school as the organiser sees them.
    /// </summary>
    private async Task NotifyAudienceAsync(MeetingNotice notice)
    {
        if (M.Audience.Kind == AudienceKind.Chat) return;
        var role = M.Audience.Kind switch
        {
            AudienceKind.Staff => SchoolRoles.Teacher | SchoolRoles.Administrator | SchoolRoles.Director | SchoolRoles.Deputy,
            AudienceKind.Class => (M.Audience.Students ? SchoolRoles.Student : 0) | (M.Audience.Parents ? SchoolRoles.Parent : 0),
            _ => SchoolRoles.None,
        };
        var provider = this.GetStreamProvider(StreamNames.Provider);
        var page = PageRequest.First(PageRequest.MaxSize);
        var recipients = new HashSet<string> { M.OrganizerId };
        if (M.Audience.ClassId is { } classId && await ClassOrNull(SchoolFacts, classId) is { } c) recipients.UnionWith(c.ClassTeacherIds);
        try
        {
            while (true)
            {
                var members = await School.ListMembers(new Actor(M.OrganizerId), M.Audience.ClassId, role, page);
                recipients.UnionWith(members.Items.Select(m => m.UserId));
                if (members.NextCursor is not { } next) break;
                page = page with { Cursor = next };
            }
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            // The organiser left the school: the chat's event still carries the notice.
        }

        foreach (var userId in recipients)
            await provider.GetStream<MeetingNotice>(StreamId.Create(StreamNames.MeetingNotices, userId)).OnNextAsync(notice);
    }

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        await store.SaveAsync(M);
        await FlushUsageAsync();
    }

    /// <summary>DIS-4: a usage fact goes into the outbox, committed with the state it belongs to.</summary>
    private void CountUsage(string eventId, string what, string userId, string role, double seconds = 0, DateTimeOffset? at = null) =>
        S.UsageOutbox.Add(new UsageRecord(eventId, MeetingUsage.Kind(what, M.Kind), userId, S.ClassId, null, role, at ?? Now, seconds));

    /// <summary>
    /// Moves committed usage facts to usage_events. A failure leaves them in the outbox for the next access or reminder
    /// (a repeated write of an event id is a no-op), so the command that counted them still succeeds.
    /// </summary>
    private async Task FlushUsageAsync()
    {
        var pending = S.UsageOutbox.ToList();
        if (pending.Count == 0) return;
        try
        {
            await usage.RecordAsync(M.SchoolId, pending);
            S.UsageOutbox.RemoveAll(pending.Contains);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Recording {Count} usage facts of meeting {MeetingId} failed; they are retried", pending.Count, MeetingId);
        }
    }

    private MeetingView View() => MeetingSchedule.Evaluate(M, Now);

    private void EnsureNotOver(DateTimeOffset now)
    {
        var status = MeetingSchedule.Evaluate(M, now).Status;
        if (status == MeetingStatus.Cancelled)
            throw DomainException.Precondition(MeetingErrors.MeetingCancelled, "This meeting was cancelled.", RuleOf());
        if (status == MeetingStatus.Ended)
            throw DomainException.Precondition(MeetingErrors.MeetingOver, "This meeting is over.", RuleOf());
    }

    private void EnsureSingle()
    {
        if (M.WeeklyOccurrences > 1)
            throw DomainException.Precondition(MeetingErrors.MeetingIsSeries, "A weekly series runs by its schedule: cancel one week, or move or cancel the whole series.", RuleOf());
    }

    private void ResetParticipants(DateTimeOffset? occurrence = null)
    {
        S.ParticipantsOccurrence = occurrence;
        S.Participants.Clear();
    }

    private string RuleOf() => M.Kind == MeetingKind.Broadcast ? Rules.Org13 : Rules.Chat9;

    private bool MayManage(MemberView m) => m.UserId == M.OrganizerId || MeetingRules.IsSupervisor(m);

    private async Task<MemberView> RequireManagerAsync(Actor actor)
    {
        var member = await RequireAudienceAsync(actor);
        MeetingRules.EnsureMayManage(M.OrganizerId, member, M.Kind);
        return member;
    }

    /// <summary>DIS-1: whoever is not in the audience (nor a supervisor of the school) is told there is no such meeting.</summary>
    private async Task<MemberView> RequireAudienceAsync(Actor actor)
    {
        if (!S.Created) throw NotFound();
        var member = await MembershipOrNull(SchoolFacts, actor.UserId) ?? throw NotFound();
        var schoolClass = M.Audience.ClassId is { } classId ? await ClassOrNull(SchoolFacts, classId) : null;
        var inChat = M.Audience.ChatId is { } chatId && await FactsAsync(chatId, actor.UserId) is { OrganizerIsMember: true };
        return MeetingRules.Admits(M.Audience, M.OrganizerId, member, schoolClass, inChat, supervisorsLookIn: true) ? member : throw NotFound();
    }

    private async Task<ChatFacts?> FactsAsync(string chatId, string userId) =>
        await GrainFactory.GetGrain<IChatAnnouncements>(chatId).FactsFor(userId) is { } f
            ? new ChatFacts(f.Chat.Kind, f.Chat.SchoolId, f.Chat.ClassId, f.Member)
            : null;

    internal static async Task<MemberView?> MembershipOrNull(ISchoolFacts school, string userId)
    {
        try
        {
            return await school.GetMembership(userId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    internal static async Task<ClassView?> ClassOrNull(ISchoolFacts school, string classId)
    {
        try
        {
            return await school.GetClass(classId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    private static DomainException NotFound() => DomainException.NotFound(MeetingErrors.MeetingNotFound, "No such meeting.", Rules.Dis1);
}
