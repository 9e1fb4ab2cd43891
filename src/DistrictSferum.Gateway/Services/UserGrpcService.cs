using Google.Protobuf.WellKnownTypes;
using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Gateway.Services;

public sealed class UserGrpcService(IGrainFactory grains) : UserService.UserServiceBase
{
    public override async Task<GetMeResponse> GetMe(GetMeRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        return new GetMeResponse { Me = await ToMe(actor, await grains.GetGrain<IUserGrain>(actor.UserId).GetProfile(actor)) };
    }

    public override async Task<SetDisplayNameResponse> SetDisplayName(SetDisplayNameRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        return new SetDisplayNameResponse { Me = await ToMe(actor, await grains.GetGrain<IUserGrain>(actor.UserId).SetDisplayName(actor, request.DisplayName)) };
    }

    private async Task<Me> ToMe(Contracts.Actor actor, UserProfile profile) => new()
    {
        UserId = profile.UserId,
        DisplayName = profile.DisplayName,
        Phone = profile.Phone ?? "",
        Email = profile.Email ?? "",
        SchoolIds = { profile.SchoolIds },
        DistrictOperator = await grains.GetGrain<IDistrictGrain>(IDistrictGrain.Key).IsOperator(actor),
        CreatedAt = profile.CreatedAt.ToTimestamp(),
    };
}
