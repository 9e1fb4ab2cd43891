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
    [PersistentState("invite-token", StorageNames.Grains)] IPersistentState<InviteTokenState> state) : Grain, IInviteTokenGrain
{
    public async Task Bind(string schoolId, string inviteId)
    {
        if (state.State.Location is not null) throw DomainException.Exists(SchoolErrors.TokenTaken, "This token is already bound.");
        state.State.Location = new InviteLocation(schoolId, inviteId);
        await state.WriteStateAsync();
    }

    public Task<InviteLocation> Resolve() => state.State.Location is { } location
        ? Task.FromResult(location)
        : throw DomainException.NotFound(SchoolErrors.InviteNotFound, "No such invite link.", Rules.Org5);
}
