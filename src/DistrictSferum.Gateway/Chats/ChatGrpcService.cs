using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Statistics;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ChatInvitation = DistrictSferum.Protos.V1.ChatInvitation;
using MyChat = DistrictSferum.Protos.V1.MyChat;
using SendMessage = DistrictSferum.Contracts.Chats.SendMessage;

namespace DistrictSferum.Gateway.Chats;

public sealed class ChatGrpcService(IGrainFactory grains, ChatFanout fanout, IStreamSessions sessions, ContactKeys keys,
    Microsoft.Extensions.Options.IOptions<StreamOptions> streams,
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(Clocks.Domain)] TimeProvider clock) : ChatService.ChatServiceBase
{
    /// <summary>With a client request id the chat's id is derived from it: a retry reaches the chat its first attempt made.</summary>
    public override async Task<CreateChatResponse> CreateChat(CreateChatRequest request, ServerCallContext context) =>
        new()
        {
            Chat = (await grains.GetGrain<IChatGrain>(ClientRequestIds.IdOf(keys, "chat", context.Actor().UserId,
            ClientRequestIds.Optional(request.ClientRequestId))).Create(context.Actor(), new NewChat(
            GrainKeys.Require(request.SchoolId, "school_id"), WireEnums.ChatKinds.ToDomain(request.Kind, "kind"), request.Title,
            request.ClassId is { Length: > 0 } c ? GrainKeys.Require(c, "class_id") : null,
            request.Subject is { Length: > 0 } s ? s : null, request.RuleClauses))).ToProto()
        };

    public override async Task<GetChatResponse> GetChat(GetChatRequest request, ServerCallContext context) =>
        new() { Chat = (await Chat(ChatIdOf(request.ChatId, request.LinkToken)).Get(context.Actor(), NullIfEmpty(request.LinkToken))).ToProto() };

    public override async Task<ListSchoolChatsResponse> ListSchoolChats(ListSchoolChatsRequest request, ServerCallContext context)
    {
        var page = await grains.GetGrain<ISchoolChatsGrain>(GrainKeys.Require(request.SchoolId, "school_id"))
            .List(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListSchoolChatsResponse { Chats = { page.Items.Select(c => c.ToProto()) }, NextPageToken = page.NextCursor ?? "" };
    }

    public override async Task<ListMyChatsResponse> ListMyChats(ListMyChatsRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        // Issue 9: a page of the member's chats at a time, so a call activates at most a page of chats.
        var page = Paging.Slice(await grains.GetGrain<IUserGrain>(actor.UserId).GetChatIds(actor), ProtoMapping.ToPageUpToMax(request.PageSize, request.PageToken));
        var mine = (await Task.WhenAll(page.Items.Select(async id =>
        {
            try
            {
                return await Chat(id).Mine(actor);
            }
            catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
            {
                return null; // Left or removed while the list was being read.
            }
        }))).OfType<Contracts.Chats.MyChat>().ToList();
        return new ListMyChatsResponse
        {
            Chats = { mine.Select(m => new MyChat { Chat = m.Chat.ToProto(), ReadSeq = m.ReadSeq, Unread = m.Unread, RulesToAccept = m.RulesToAccept }) },
            NextPageToken = page.NextCursor ?? "",
        };
    }

    public override async Task<ListInvitationsResponse> ListInvitations(ListInvitationsRequest request, ServerCallContext context)
    {
        var actor = context.Actor();
        var invitations = Paging.Slice(await grains.GetGrain<IUserGrain>(actor.UserId).GetInvitations(actor), ProtoMapping.ToPageUpToMax(request.PageSize, request.PageToken));
        return new ListInvitationsResponse
        {
            Invitations = { invitations.Items.Select(i => new ChatInvitation { ChatId = i.ChatId, SchoolId = i.SchoolId, Title = i.Title, InvitedBy = i.InvitedBy, At = i.At.ToTimestamp() }) },
            NextPageToken = invitations.NextCursor ?? "",
        };
    }

    public override async Task<CreateChatLinkResponse> CreateChatLink(CreateChatLinkRequest request, ServerCallContext context) =>
        new() { Token = await Chat(request.ChatId).CreateLink(context.Actor(), request.Lifetime.ToOptionalSpan("lifetime"), ClientRequestIds.Optional(request.ClientRequestId)) };

    public override async Task<InviteToChatResponse> InviteToChat(InviteToChatRequest request, ServerCallContext context)
    {
        await Chat(request.ChatId).Invite(context.Actor(), GrainKeys.Require(request.UserId, "user_id"));
        return new InviteToChatResponse();
    }

    public override async Task<JoinChatResponse> JoinChat(JoinChatRequest request, ServerCallContext context) =>
        new() { Chat = (await Chat(ChatIdOf(request.ChatId, request.LinkToken)).Join(context.Actor(), NullIfEmpty(request.LinkToken), request.AcceptedRulesVersion)).ToProto() };

    public override async Task<AcceptRulesResponse> AcceptRules(AcceptRulesRequest request, ServerCallContext context) =>
        new() { Chat = (await Chat(request.ChatId).AcceptRules(context.Actor(), request.Version)).ToProto() };

    public override async Task<LeaveChatResponse> LeaveChat(LeaveChatRequest request, ServerCallContext context)
    {
        await Chat(request.ChatId).Leave(context.Actor());
        return new LeaveChatResponse();
    }

    public override async Task<SetRulesResponse> SetRules(SetRulesRequest request, ServerCallContext context) =>
        new() { Chat = (await Chat(request.ChatId).SetRules(context.Actor(), request.Clauses)).ToProto() };

    public override async Task<ListChatMembersResponse> ListChatMembers(ListChatMembersRequest request, ServerCallContext context)
    {
        var page = await Chat(request.ChatId).ListMembers(context.Actor(), ProtoMapping.ToPage(request.PageSize, request.PageToken));
        return new ListChatMembersResponse
        {
            Members =
            {
                page.Items.Select(m => new ChatMember
                {
                    UserId = m.UserId, DisplayName = m.DisplayName, JoinedAt = m.JoinedAt.ToTimestamp(), AcceptedRulesVersion = m.AcceptedRulesVersion, Moderator = m.Moderator,
                }),
            },
            NextPageToken = page.NextCursor ?? "",
        };
    }

    public override async Task<SendMessageResponse> SendMessage(SendMessageRequest request, ServerCallContext context) =>
        (await Chat(request.ChatId).Send(context.Actor(),
            new SendMessage(ClientKeys.Require(request.ClientKey), request.Body, request.ReplyTo == 0 ? null : request.ReplyTo, request.Mentions, request.Apology,
                [.. request.AttachmentIds]))).ToProto();

    public override async Task<EditMessageResponse> EditMessage(EditMessageRequest request, ServerCallContext context)
    {
        var ack = await Chat(request.ChatId).Edit(context.Actor(), request.Seq, request.Body);
        return new EditMessageResponse { ChatId = ack.ChatId, Seq = ack.Seq, At = ack.At.ToTimestamp() };
    }

    public override async Task<DeleteMessageResponse> DeleteMessage(DeleteMessageRequest request, ServerCallContext context)
    {
        var ack = await Chat(request.ChatId).DeleteOwn(context.Actor(), request.Seq);
        return new DeleteMessageResponse { ChatId = ack.ChatId, Seq = ack.Seq, At = ack.At.ToTimestamp() };
    }

    public override async Task<GetHistoryResponse> GetHistory(GetHistoryRequest request, ServerCallContext context)
    {
        var page = await Chat(request.ChatId).History(context.Actor(), request.BeforeSeq == 0 ? null : request.BeforeSeq, request.Limit == 0 ? 50 : request.Limit);
        return new GetHistoryResponse { Messages = { page.Messages.Select(m => m.ToProto()) }, Events = { page.Events.Select(e => e.ToProto()) } };
    }

    public override async Task<MarkReadResponse> MarkRead(MarkReadRequest request, ServerCallContext context) =>
        new() { Position = (await Chat(request.ChatId).MarkRead(context.Actor(), request.Seq)).ToProto() };

    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        foreach (var p in request.Positions) GrainKeys.Require(p.ChatId, "chat_id");
        var actor = context.Actor();
        // DIS-4: the session is recorded as it starts, so a stream on a server that is killed is still counted.
        var session = await sessions.StartAsync(actor, CancellationToken.None);
        try
        {
            await new ChatSubscription(grains, fanout, actor, responseStream, streams.Value, clock).RunAsync(request.Positions, request.AllChats, SessionInterceptor.StreamToken(context));
        }
        finally
        {
            try
            {
                if (session is not null) await sessions.EndAsync(session, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Statistics never fail a member's stream; the session stays open and is counted when this process's
                // heartbeat stops.
            }
        }
    }

    /// <summary>A link token names its chat before the dot; the secret after it is checked by the chat.</summary>
    private static string ChatIdOf(string chatId, string linkToken)
    {
        if (linkToken is { Length: > 0 })
        {
            var dot = linkToken.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || linkToken.Length > 200) throw DomainException.InvalidField("link_token", ChatErrors.LinkInvalid, "The chat link token is malformed.", Rules.Chat3);
            return GrainKeys.Require(linkToken[..dot], "link_token");
        }

        return GrainKeys.Require(chatId, "chat_id");
    }

    private static string? NullIfEmpty(string value) => value is { Length: > 0 } ? value : null;

    private IChatGrain Chat(string chatId) => grains.GetGrain<IChatGrain>(GrainKeys.Require(chatId, "chat_id"));
}
