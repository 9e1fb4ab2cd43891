using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateCommunityChatSettings : CommunityRefSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandOption("--title <TITLE>", isRequired: true), Description("The chat's title")]
    public string Title { get; set; } = "";

    [CommandOption("--channel"), Description("A channel: only the community's moderators post")]
    public bool Channel { get; set; }

    [CommandOption("--rule <CLAUSE>", isRequired: true), Description("A rule clause members accept when they join (repeat, in order)")]
    public string[] Rules { get; set; } = [];
}

[CliCommand("community chat-create", "Open a chat or channel of the community (community moderators); members join it with `chat join`")]
[CliExample("community", "chat-create", "COMMUNITY_ID", "--title", "Olympiad", "--rule", "\"Be respectful\"")]
internal sealed class CreateCommunityChatCommand(CliEnvironment environment) : SferumCommand<CreateCommunityChatSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateCommunityChatSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).CreateCommunityChatAsync(new CreateCommunityChatRequest
        {
            CommunityId = settings.CommunityId,
            Kind = settings.Channel ? ChatKind.CommunityChannel : ChatKind.CommunityChat,
            Title = settings.Title,
            RuleClauses = { settings.Rules },
            ClientRequestId = settings.RequestId ?? "",
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{(settings.Channel ? "Channel" : "Chat")} {response.Chat.ChatId} \"{response.Chat.Title}\" is open.");
        return ExitCodes.Ok;
    }
}
