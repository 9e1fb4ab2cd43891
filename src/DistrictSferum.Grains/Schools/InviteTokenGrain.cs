using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Schools;

[GenerateSerializer, Alias("ds.InviteTokenState")]
public sealed class InviteTokenState
{
    [Id(0)] public InviteLocation? Location { get; set; }
}

public sealed class InviteTokenGrain(
    [PersistentState("invite-token", StorageNames.Grains)] IPersistentState<InviteTokenState> state,
    ISchoolStore store) : Grain, IInviteTokenGrain, IInviteTokenBinding
{
    public async Task Bind(string schoolId, string classId, string inviteId)
    {
        var location = new InviteLocation(schoolId, inviteId, classId);
        if (state.State.Location == location) return; // a retried create (issue 9): its first attempt bound it
        if (state.State.Location is not null) throw DomainException.Exists(SchoolErrors.TokenTaken, "This token is already bound.");
        state.State.Location = new InviteLocation(schoolId, inviteId, classId);
        await state.WriteStateAsync();
    }

    public async Task<InviteLocation> Resolve()
    {
        if (state.State.Location is not { } location) throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org5);
        // A token bound before links belonged to their class learns its class once.
        if (location.ClassId is null && await store.FindInviteAsync(location.SchoolId, location.InviteId) is { } invite)
        {
            state.State.Location = location = location with { ClassId = invite.ClassId };
            await state.WriteStateAsync();
        }

        return location.ClassId is not null ? location : throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org5);
    }
}
