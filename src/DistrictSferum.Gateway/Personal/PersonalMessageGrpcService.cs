using DistrictSferum.Contracts.Chats;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Chats;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Gateway.Personal;

/// <summary>Personal conversations (CHAT-10): one grain call per RPC; the conversation's key is the pair's, whoever starts it.</summary>
public sealed class PersonalMessageGrpcService(IGrainFactory grains) : PersonalMessageService.PersonalMessageServiceBase
{
    public override async Task<StartConversationResponse> StartConversation(StartConversationRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        var schoolId = GrainKeys.Require(request.SchoolId, "school_id");
        var recipientId = GrainKeys.Require(request.UserId, "user_id");
        var chat = await grains.GetGrain<IChatGrain>(PersonalChats.IdFor(schoolId, actor.UserId, recipientId))
            .StartPersonal(actor, schoolId, recipientId, new SendMessage(ClientKeys.Require(request.ClientKey), request.Body, null, []));
        return new StartConversationResponse { Chat = chat.ToProto() };
    }

    public override async Task<AcceptConversationResponse> AcceptConversation(AcceptConversationRequest request, ServerCallContext context) =>
        new() { Chat = (await Chat(request.ChatId).AcceptPersonal(context.Actor())).ToProto() };

    public override async Task<DeclineConversationResponse> DeclineConversation(DeclineConversationRequest request, ServerCallContext context)
    {
        await Chat(request.ChatId).DeclinePersonal(context.Actor());
        return new DeclineConversationResponse();
    }

    public override async Task<BlockInConversationResponse> BlockInConversation(BlockInConversationRequest request, ServerCallContext context)
    {
        await Chat(request.ChatId).BlockPersonal(context.Actor());
        return new BlockInConversationResponse();
    }

    public override async Task<GetPersonalSettingsResponse> GetPersonalSettings(GetPersonalSettingsRequest request, ServerCallContext context) =>
        new() { Settings = ToProto(await Settings(request.SchoolId).Get(context.Actor())) };

    public override async Task<SetPersonalSettingsResponse> SetPersonalSettings(SetPersonalSettingsRequest request, ServerCallContext context)
    {
        var wanted = request.Settings ?? new Protos.V1.PersonalSettings();
        var saved = await Settings(request.SchoolId).Set(context.Actor(), new Contracts.Chats.PersonalSettings(wanted.ParentsWithParents, wanted.StudentsWithStudents));
        return new SetPersonalSettingsResponse { Settings = ToProto(saved) };
    }

    private IChatGrain Chat(string id) => grains.GetGrain<IChatGrain>(GrainKeys.Require(id, "chat_id"));

    private ISchoolPersonalSettingsGrain Settings(string schoolId) => grains.GetGrain<ISchoolPersonalSettingsGrain>(GrainKeys.Require(schoolId, "school_id"));

    private static Protos.V1.PersonalSettings ToProto(Contracts.Chats.PersonalSettings s) =>
        new() { ParentsWithParents = s.ParentsWithParents, StudentsWithStudents = s.StudentsWithStudents };
}
