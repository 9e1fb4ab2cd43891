using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// Personal conversations in the chat grain (CHAT-10): the same log, stream, rate limit, reports and audit as group chats.
/// Its reports reach the school's administrators through the audit log (the reported message as evidence); they are
/// never members and never read the conversation.
/// </summary>
public sealed partial class ChatGrain
{
    public async Task<ChatView> StartPersonal(Actor actor, string schoolId, string recipientId, SendMessage first)
    {
        if (ChatId != PersonalChats.IdFor(schoolId, actor.UserId, recipientId))
            throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        var school = new ChatScope(GrainFactory, GrainKeysOf(schoolId), community: false);
        var initiator = await MembershipOrNull(school, actor.UserId)
            ?? throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
        var recipient = await MembershipOrNull(school, recipientId)
            ?? throw DomainException.NotFound(CommonErrors.MemberNotFound, "No such member of this school.", Rules.Dis1);
        var settings = await GrainFactory.GetGrain<IPersonalSettingsSource>(schoolId).Current();
        var young = new HashSet<string>();
        foreach (var m in new[] { initiator, recipient })
            foreach (var placement in m.Classes.Where(c => c.Role == JoinRole.Student))
                if (PersonalRules.Grade((await GrainFactory.GetGrain<ISchoolFacts>(schoolId).GetClass(placement.ClassId)).Name) is >= 1 and <= 4) young.Add(m.UserId);
        PersonalRules.EnsureMayStart(initiator, recipient, settings, m => young.Contains(m.UserId));
        var normalized = MessageRules.Normalize(first with { Attachments = null }, options.Value, _ => false);

        var invitation = Chat.StartPersonal(ChatId, schoolId, actor.UserId, initiator.DisplayName, recipientId, Now);
        Chat.Members[actor.UserId].Role = PrimaryRole(initiator);
        await state.WriteStateAsync();
        await AfterCreateAsync(actor.UserId);
        var outcome = await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.Posted, actor.UserId, Now, normalized.Body,
            Mentions: [], ClientKey: normalized.ClientKey));
        Remember(SendKey.Of(actor.UserId, normalized.ClientKey), outcome);
        await GrainFactory.GetGrain<IUserMemberships>(recipientId).AddInvitation(invitation);
        return View();
    }

    public async Task<ChatView> AcceptPersonal(Actor actor)
    {
        Chat.RequirePendingRecipient(actor.UserId);
        var membership = await MembershipOrNull(School, actor.UserId)
            ?? throw DomainException.NotFound(ChatErrors.ChatNotFound, "No such chat.", Rules.Dis1);
        var member = Chat.AcceptPersonal(actor.UserId, membership.DisplayName, Now);
        member.Role = PrimaryRole(membership);
        await state.WriteStateAsync();
        await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.MemberJoined, actor.UserId, Now, SubjectUserId: actor.UserId));
        var user = GrainFactory.GetGrain<IUserMemberships>(actor.UserId);
        await user.SetChatMembership(ChatId, true);
        await user.RemoveInvitation(ChatId);
        return View();
    }

    public async Task DeclinePersonal(Actor actor)
    {
        Chat.DeclinePersonal(actor.UserId);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserMemberships>(actor.UserId).RemoveInvitation(ChatId);
    }

    public async Task BlockPersonal(Actor actor)
    {
        var wasPending = Chat.IsPendingRecipient(actor.UserId);
        Chat.BlockPersonal(actor.UserId);
        await state.WriteStateAsync();
        if (wasPending) await GrainFactory.GetGrain<IUserMemberships>(actor.UserId).RemoveInvitation(ChatId);
    }
}

/// <summary>A school's settings for personal conversations; administrators change them (CHAT-10).</summary>
public sealed class SchoolPersonalSettingsGrain(
    [PersistentState("personal-settings", StorageNames.Grains)] IPersistentState<PersonalSettings> state) : Grain, ISchoolPersonalSettingsGrain, IPersonalSettingsSource
{
    public Task<PersonalSettings> Current() => Task.FromResult(state.State ?? new PersonalSettings(false, false));

    public async Task<PersonalSettings> Get(Actor actor)
    {
        await RequireMemberAsync(actor);
        return await Current();
    }

    public async Task<PersonalSettings> Set(Actor actor, PersonalSettings settings)
    {
        await RequireMemberAsync(actor);
        if (!(await GrainFactory.GetGrain<ISchoolFacts>(this.GetPrimaryKeyString()).GetAdministratorIds()).Contains(actor.UserId))
            throw DomainException.Denied(ChatErrors.NotManagement, "The school's administrators decide who writes to whom personally.", Rules.Chat10);
        state.State = settings;
        await state.WriteStateAsync();
        return settings;
    }

    private async Task RequireMemberAsync(Actor actor)
    {
        try
        {
            await GrainFactory.GetGrain<ISchoolFacts>(this.GetPrimaryKeyString()).GetMembership(actor.UserId);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);
        }
    }
}
