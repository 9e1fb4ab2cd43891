using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Meetings;

/// <summary>A member's calendar (key: user id): meetings and broadcasts of all their schools whose audience they are in.</summary>
[StatelessWorker]
public sealed class MemberCalendarGrain(IMeetingStore store, [FromKeyedServices(Clocks.Domain)] TimeProvider clock, ContactKeys keys) : Grain, IMemberCalendarGrain, IMemberFeed
{
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(180);
    public static readonly TimeSpan FeedHistory = TimeSpan.FromDays(30);
    private string UserId => this.GetPrimaryKeyString();

    public async Task<IReadOnlyList<UpcomingMeeting>> ListUpcoming(Actor actor, DateTimeOffset? until, int limit)
    {
        EnsureSelf(actor);
        var now = clock.GetUtcNow();
        var end = until is { } u && u > now ? u : now + Horizon;
        return (await MeetingsAsync(now, end))
            .SelectMany(m => MeetingSchedule.Between(m, now, end).Select(o => new UpcomingMeeting(m, o.Start, o.End)))
            .OrderBy(u => u.Start).ThenBy(u => u.Meeting.MeetingId, StringComparer.Ordinal)
            .Take(Math.Clamp(limit <= 0 ? 50 : limit, 1, 500))
            .ToList();
    }

    public async Task<CalendarFeed> CreateFeed(Actor actor, string? requestId)
    {
        EnsureSelf(actor);
        // A member has one feed: storing the same token's hash again is what a retry does.
        var (_, token) = ClientRequestIds.LinkOf(keys, "calendar-feed", UserId, requestId);
        var now = clock.GetUtcNow();
        await store.SetFeedAsync(UserId, LinkTokens.Hash(token), now);
        return new CalendarFeed(token, now);
    }

    public async Task RevokeFeed(Actor actor)
    {
        EnsureSelf(actor);
        await store.RevokeFeedAsync(UserId);
    }

    public async Task<string> Render()
    {
        var now = clock.GetUtcNow();
        return ICalendar.Write(await MeetingsAsync(now - FeedHistory, now + Horizon), now);
    }

    /// <summary>Meetings of the member's schools in the window whose audience includes them (supervisors see their own, not all).</summary>
    private async Task<IReadOnlyList<MeetingView>> MeetingsAsync(DateTimeOffset from, DateTimeOffset until)
    {
        var profile = await GrainFactory.GetGrain<IUserDirectory>(UserId).GetProfileUnchecked();
        // The calendar is the member's own (keyed by their id), so it asks for their chats as them.
        var chatIds = (await GrainFactory.GetGrain<IUserGrain>(UserId).GetChatIds(new Actor(UserId))).ToHashSet();
        var memberships = new Dictionary<string, MemberView>();
        foreach (var schoolId in profile.SchoolIds)
            if (await MeetingGrain.MembershipOrNull(GrainFactory.GetGrain<ISchoolFacts>(schoolId), UserId) is { } m) memberships[schoolId] = m;

        var classes = new Dictionary<(string, string), ClassView?>();
        var result = new List<MeetingView>();
        foreach (var candidate in await store.UpcomingAsync(memberships.Keys.ToList(), from, until, 2000))
        {
            var member = memberships[candidate.SchoolId];
            ClassView? schoolClass = null;
            if (candidate.Audience.ClassId is { } classId)
            {
                if (!classes.TryGetValue((candidate.SchoolId, classId), out schoolClass))
                    classes[(candidate.SchoolId, classId)] = schoolClass = await MeetingGrain.ClassOrNull(GrainFactory.GetGrain<ISchoolFacts>(candidate.SchoolId), classId);
            }

            var inChat = candidate.Audience.ChatId is { } chatId && chatIds.Contains(chatId);
            if (MeetingRules.Admits(candidate.Audience, candidate.OrganizerId, member, schoolClass, inChat, supervisorsLookIn: false))
                result.Add(MeetingSchedule.Evaluate(candidate, clock.GetUtcNow()));
        }

        return result;
    }

    private void EnsureSelf(Actor actor)
    {
        if (actor.UserId != UserId) throw DomainException.NotFound(MeetingErrors.CalendarNotFound, "No such calendar.", Rules.Dis1);
    }
}

/// <summary>The member's feed, rendered for the holder of its token (the token was checked by the caller).</summary>
[Alias("ds.IMemberFeed")]
internal interface IMemberFeed : IGrainWithStringKey
{
    [Alias("Render")]
    Task<string> Render();
}

/// <summary>Serves iCalendar feeds by token: the token's hash finds its member; a revoked or unknown token finds nobody.</summary>
[StatelessWorker]
public sealed class CalendarFeedGrain(IMeetingStore store) : Grain, ICalendarFeedGrain
{
    public async Task<string?> Render(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var owner = await store.FeedOwnerAsync(LinkTokens.Hash(token));
        return owner is null ? null : await GrainFactory.GetGrain<IMemberFeed>(owner).Render();
    }
}

/// <summary>ORG-17: a school's meetings and broadcasts with attendance counts, for its director, deputies and administrators.</summary>
[StatelessWorker]
public sealed class SchoolMeetingsGrain(IMeetingStore store, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, ISchoolMeetingsGrain
{
    public async Task<Page<MeetingView>> List(Actor actor, PageRequest page)
    {
        var schoolId = this.GetPrimaryKeyString();
        var member = await MeetingGrain.MembershipOrNull(GrainFactory.GetGrain<ISchoolFacts>(schoolId), actor.UserId)
            ?? throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
        if (!MeetingRules.IsSupervisor(member))
            throw DomainException.Denied(ModerationErrors.NotSupervisor, "Only the school's director, deputies and administrators see all its meetings.", Rules.Org17);
        var found = await store.ListSchoolAsync(schoolId, page);
        var now = clock.GetUtcNow();
        return found with { Items = found.Items.Select(m => MeetingSchedule.Evaluate(m, now)).ToList() };
    }
}
