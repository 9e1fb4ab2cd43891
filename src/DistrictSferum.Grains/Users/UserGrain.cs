using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Users;

[GenerateSerializer, Alias("ds.UserState")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string? Phone { get; set; }
    [Id(3)] public string? Email { get; set; }
    [Id(4)] public List<string> SchoolIds { get; set; } = [];
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public string? GuardianEmail { get; set; }
    [Id(7)] public List<string> ChatIds { get; set; } = [];
    [Id(8)] public List<ChatInvitation> Invitations { get; set; } = [];
    [Id(9)] public List<string> CommunityIds { get; set; } = [];

    /// <summary>CHAT-5: the schools and chats not yet told the current display name (the rename's outbox).</summary>
    [Id(10)] public List<string> NameUntoldSchools { get; set; } = [];

    [Id(11)] public List<string> NameUntoldChats { get; set; } = [];
}

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Grains)] IPersistentState<UserState> state,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock, ILogger<UserGrain> logger) : Grain, IUserGrain, IUserDirectory, IUserMemberships
{
    public const int MaxDisplayName = 200;

    private string UserId => this.GetPrimaryKeyString();

    public async Task Create(string displayName, ContactAddress contact)
    {
        if (!state.State.Exists)
        {
            state.State.Exists = true;
            state.State.DisplayName = TextRules.Required(displayName, "display_name", MaxDisplayName);
            state.State.CreatedAt = clock.GetUtcNow();
        }

        SetContact(contact);
        await SaveAsync();
    }

    public async Task AddContact(ContactAddress contact)
    {
        EnsureExists();
        SetContact(contact);
        await SaveAsync();
    }

    public Task<UserProfile> GetProfile(Actor actor)
    {
        EnsureExists();
        var profile = ToProfile();
        return Task.FromResult(actor.UserId == UserId ? profile : profile with { Phone = null, Email = null, GuardianEmail = null });
    }

    public Task<UserProfile> GetProfileUnchecked()
    {
        EnsureExists();
        return Task.FromResult(ToProfile());
    }

    public async Task<UserProfile> SetDisplayName(Actor actor, string displayName)
    {
        EnsureExists();
        EnsureSelf(actor);
        state.State.DisplayName = TextRules.Required(displayName, "display_name", MaxDisplayName);
        // The name and whom it is still owed to are saved together: a crash or a failed call is made good later.
        state.State.NameUntoldSchools = [.. state.State.SchoolIds];
        state.State.NameUntoldChats = [.. state.State.ChatIds];
        await SaveAsync();
        NameSpread.Schedule(TimeSpan.Zero);
        return ToProfile();
    }

    private readonly SemaphoreSlim saving = new(1, 1);
    private Duty? nameSpread;
    private Duty? communityExit;

    /// <summary>CHAT-5: the schools and chats in the outbox learn the current name (see <see cref="SpreadNameAsync"/>).</summary>
    private Duty NameSpread => nameSpread ??= new Duty(this, logger, "telling the schools and chats the new name",
        () => state.State.NameUntoldSchools.Count + state.State.NameUntoldChats.Count > 0, SpreadNameAsync);

    /// <summary>ETH-9: someone with no district school left leaves every community.</summary>
    private Duty CommunityExit => communityExit ??= new Duty(this, logger, "leaving the communities",
        () => state.State.Exists && state.State.SchoolIds.Count == 0 && state.State.CommunityIds.Count > 0, LeaveCommunitiesAsync);

    /// <summary>
    /// Writes the state, one write at a time: the duties save beside the grain's own turns, and two writes in flight at
    /// once would carry the same ETag and one would be refused.
    /// </summary>
    private async Task SaveAsync()
    {
        await saving.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            saving.Release();
        }
    }

    /// <summary>
    /// Work the account does apart from the call that gave it: in an interleaving timer, because the grains it calls
    /// may call this account while it waits; one run at a time; again while <c>pending</c> holds, at once after a run
    /// (a call meanwhile may have added to it) and 30 s after a failure; and at every activation.
    /// </summary>
    private sealed class Duty(UserGrain owner, ILogger logger, string what, Func<bool> pending, Func<Task> work)
    {
        private IGrainTimer? timer;
        private bool running;

        public void Schedule(TimeSpan due)
        {
            if (timer is not null || running || !pending()) return;
            timer = owner.RegisterGrainTimer(async _ =>
            {
                timer?.Dispose();
                timer = null;
                var failed = false;
                running = true;
                try
                {
                    await work();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logger.LogWarning(e, "Account {UserId}: {Duty} failed; retrying in 30 s", owner.UserId, what);
                    failed = true;
                }
                finally
                {
                    running = false;
                }

                Schedule(failed ? TimeSpan.FromSeconds(30) : TimeSpan.Zero);
            }, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    private async Task SpreadNameAsync()
    {
        while (true)
        {
            var name = state.State.DisplayName;
            if (state.State.NameUntoldSchools.FirstOrDefault() is { } schoolId)
            {
                await TellAsync(GrainFactory.GetGrain<ISchoolMemberNames>(schoolId).MemberRenamed(UserId, name));
                if (name == state.State.DisplayName) state.State.NameUntoldSchools.Remove(schoolId);
            }
            else if (state.State.NameUntoldChats.FirstOrDefault() is { } chatId)
            {
                await TellAsync(GrainFactory.GetGrain<IChatMemberNames>(chatId).MemberRenamed(UserId, name));
                if (name == state.State.DisplayName) state.State.NameUntoldChats.Remove(chatId);
            }
            else
            {
                break;
            }
        }

        await SaveAsync();
    }

    /// <summary>A school or chat that no longer exists has nothing to be told.</summary>
    private static async Task TellAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
        }
    }

    public async Task JoinSchool(string schoolId)
    {
        EnsureExists();
        if (state.State.SchoolIds.Contains(schoolId)) return;
        state.State.SchoolIds.Add(schoolId);
        await SaveAsync();
    }

    public async Task LeaveSchool(string schoolId)
    {
        if (!state.State.SchoolIds.Remove(schoolId)) return;
        await SaveAsync();
        CommunityExit.Schedule(TimeSpan.Zero);
    }

    public async Task SetCommunityMembership(string communityId, bool member)
    {
        if (member == state.State.CommunityIds.Contains(communityId)) return;
        if (member) state.State.CommunityIds.Add(communityId);
        else state.State.CommunityIds.Remove(communityId);
        await SaveAsync();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CommunityExit.Schedule(TimeSpan.Zero);
        NameSpread.Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    /// <summary>
    /// ETH-9: leaves every community (run apart from the call that removed the last school: the community's chats
    /// tell this account of its leaving while it waits).
    /// </summary>
    private async Task LeaveCommunitiesAsync()
    {
        foreach (var communityId in state.State.CommunityIds.ToList())
            await GrainFactory.GetGrain<Communities.ICommunityRoster>(communityId).RemoveLeaver(UserId);
        state.State.CommunityIds.Clear();
        await SaveAsync();
    }

    public async Task SetChatMembership(string chatId, bool member)
    {
        var changed = member ? !state.State.ChatIds.Contains(chatId) : state.State.ChatIds.Contains(chatId);
        if (!changed) return;
        if (member) state.State.ChatIds.Add(chatId);
        else state.State.ChatIds.Remove(chatId);
        await SaveAsync();
    }

    public Task<IReadOnlyList<string>> GetChatIds(Actor actor)
    {
        EnsureSelf(actor);
        return Task.FromResult<IReadOnlyList<string>>(state.State.ChatIds.ToList());
    }

    public Task ForgetChat(Actor actor, string chatId)
    {
        EnsureSelf(actor);
        return SetChatMembership(chatId, false);
    }

    public async Task AddInvitation(ChatInvitation invitation)
    {
        EnsureExists();
        state.State.Invitations.RemoveAll(i => i.ChatId == invitation.ChatId);
        state.State.Invitations.Add(invitation);
        await SaveAsync();
    }

    public async Task RemoveInvitation(string chatId)
    {
        if (state.State.Invitations.RemoveAll(i => i.ChatId == chatId) > 0) await SaveAsync();
    }

    public Task<IReadOnlyList<ChatInvitation>> GetInvitations(Actor actor)
    {
        EnsureSelf(actor);
        return Task.FromResult<IReadOnlyList<ChatInvitation>>(state.State.Invitations.ToList());
    }

    private void SetContact(ContactAddress contact)
    {
        if (contact.Dependent is not null) state.State.GuardianEmail ??= contact.Value;
        else if (contact.Kind == ContactKind.Phone) state.State.Phone ??= contact.Value;
        else state.State.Email ??= contact.Value;
    }

    /// <summary>DIS-1: only the person themself; anyone else learns nothing, not even that the account exists.</summary>
    private void EnsureSelf(Actor actor)
    {
        if (actor.UserId != UserId) throw DomainException.NotFound(UserErrors.UserNotFound, "No such user.", Rules.Dis1);
    }

    private void EnsureExists()
    {
        if (!state.State.Exists) throw DomainException.NotFound(UserErrors.UserNotFound, "No such user.");
    }

    private UserProfile ToProfile() => new(
        UserId, state.State.DisplayName, state.State.Phone, state.State.Email, state.State.SchoolIds.ToList(), state.State.CreatedAt,
        state.State.GuardianEmail);
}
