using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Polls;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Gateway.Polls;

/// <summary>Polls in chats (CHAT-8): one grain call per RPC.</summary>
public sealed class PollGrpcService(IGrainFactory grains) : PollService.PollServiceBase
{
    public override async Task<CreatePollResponse> CreatePoll(CreatePollRequest request, ServerCallContext context)
    {
        var poll = new NewPoll(request.Question, request.Options.ToList(), request.MultipleChoice, request.Anonymous,
            request.ClosesAt.ToOptionalInstant("closes_at"));
        var created = await grains.GetGrain<IChatGrain>(GrainKeys.Require(request.ChatId, "chat_id")).CreatePoll(context.Actor(), poll, ClientRequestIds.Optional(request.ClientRequestId));
        return new CreatePollResponse { Poll = ToProto(created) };
    }

    public override async Task<GetPollResponse> GetPoll(GetPollRequest request, ServerCallContext context) =>
        new() { Poll = ToProto(await Poll(request.PollId).Get(context.Actor())) };

    public override async Task<VoteResponse> Vote(VoteRequest request, ServerCallContext context) =>
        new() { Poll = ToProto(await Poll(request.PollId).Vote(context.Actor(), request.Choices.ToList())) };

    public override async Task<RetractVoteResponse> RetractVote(RetractVoteRequest request, ServerCallContext context) =>
        new() { Poll = ToProto(await Poll(request.PollId).Retract(context.Actor())) };

    public override async Task<ClosePollResponse> ClosePoll(ClosePollRequest request, ServerCallContext context) =>
        new() { Poll = ToProto(await Poll(request.PollId).Close(context.Actor())) };

    private IPollGrain Poll(string id) => grains.GetGrain<IPollGrain>(GrainKeys.Require(id, "poll_id"));

    private static Protos.V1.Poll ToProto(PollView p)
    {
        var poll = new Protos.V1.Poll
        {
            PollId = p.PollId,
            ChatId = p.ChatId,
            CreatedBy = p.CreatedBy,
            CreatedAt = p.CreatedAt.ToTimestamp(),
            Question = p.Question,
            Options = { p.Options.Select(o => new PollOption { Index = o.Index, Text = o.Text, Count = o.Count, VoterIds = { o.VoterIds } }) },
            MultipleChoice = p.MultipleChoice,
            Anonymous = p.Anonymous,
            ClosedBy = p.ClosedBy ?? "",
            Voters = p.Voters,
            MyChoices = { p.MyChoices },
        };
        if (p.ClosesAt is { } closes) poll.ClosesAt = closes.ToTimestamp();
        if (p.ClosedAt is { } closed) poll.ClosedAt = closed.ToTimestamp();
        return poll;
    }
}
