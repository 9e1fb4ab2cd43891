using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateCommunitySettings : GlobalSettings
{
    [CommandOption("--kind <KIND>", isRequired: true), Description("methodical, subject, development or project")]
    public string Kind { get; set; } = "";

    [CommandOption("--title <TITLE>", isRequired: true), Description("The community's title")]
    public string Title { get; set; } = "";

    [CommandOption("--description <TEXT>"), Description("What the community is for")]
    public string Description { get; set; } = "";

    [CommandOption("--moderator <USER_ID>", isRequired: true), Description("A moderator: a verified teacher of a district school (repeat for more)")]
    public string[] Moderators { get; set; } = [];

    public CommunityKind Parsed => Kind switch
    {
        "methodical" => CommunityKind.MethodicalAssociation,
        "subject" => CommunityKind.SubjectAssociation,
        "development" => CommunityKind.ProfessionalDevelopment,
        "project" => CommunityKind.Project,
        _ => CommunityKind.Unspecified,
    };

    public override ValidationResult Validate() =>
        Parsed == CommunityKind.Unspecified ? ValidationResult.Error("--kind must be methodical, subject, development or project") : ValidationResult.Success();
}

[CliCommand("community create", "Create a district community with its moderators (district operators; DIS-2)")]
[CliExample("community", "create", "--kind", "methodical", "--title", "\"Math teachers\"", "--moderator", "USER_ID")]
internal sealed class CreateCommunityCommand(CliEnvironment environment) : SferumCommand<CreateCommunitySettings>(environment)
{
    protected override async Task<int> RunAsync(CreateCommunitySettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).CreateCommunityAsync(new CreateCommunityRequest
        {
            Kind = settings.Parsed,
            Title = settings.Title,
            Description = settings.Description,
            ModeratorIds = { settings.Moderators },
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Community {response.Community.CommunityId} \"{response.Community.Title}\" is open; its moderators admit members.");
        return ExitCodes.Ok;
    }
}

[CliCommand("community list", "List the district's communities (operators and verified teachers)")]
[CliExample("community", "list")]
internal sealed class ListCommunitiesCommand(CliEnvironment environment) : SferumCommand<PagingSettings>(environment)
{
    protected override async Task<int> RunAsync(PagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new CommunityService.CommunityServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var response = await Pager.FetchAsync(settings, async (size, token) =>
            await client.ListCommunitiesAsync(new ListCommunitiesRequest { PageSize = size, PageToken = token }, options));
        Pager.Write(output, response, response.Communities.Count, "communities", () =>
        {
            var table = CliOutput.NewTable("Community", "Kind", "Title", "Members");
            foreach (var c in response.Communities)
                table.AddTextRow(c.CommunityId, c.Kind.ToString(), c.Title, c.MemberCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal class CommunityRefSettings : GlobalSettings
{
    [CommandArgument(0, "<COMMUNITY_ID>"), Description("The community's id (see `community list`)")]
    public string CommunityId { get; set; } = "";
}

[CliCommand("community members", "List a community's members: name, teacher badge, schools' short names (DIS-1's exception)")]
[CliExample("community", "members", "COMMUNITY_ID")]
internal sealed class ListCommunityMembersCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).ListCommunityMembersAsync(
            new ListCommunityMembersRequest { CommunityId = settings.CommunityId, PageSize = 500 }, await connection.AuthorizedAsync());
        Pager.Write(output, response, response.Members.Count, "members", () =>
        {
            var table = CliOutput.NewTable("User id", "Name", "Schools", "Moderator");
            foreach (var m in response.Members)
                table.AddTextRow(m.UserId, m.DisplayName + (m.VerifiedTeacher ? " ✓" : ""), string.Join(", ", m.SchoolShortNames), m.Moderator ? "yes" : "");
            return table;
        });
        return ExitCodes.Ok;
    }
}

[CliCommand("community link", "Create a link that admits verified teachers at once (community moderators)")]
[CliExample("community", "link", "COMMUNITY_ID")]
internal sealed class CreateCommunityLinkCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).CreateCommunityLinkAsync(
            new CreateCommunityLinkRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.UnwrappedLine(response.LinkToken);
        return ExitCodes.Ok;
    }
}

internal sealed class JoinCommunitySettings : GlobalSettings
{
    [CommandArgument(0, "<LINK_TOKEN>"), Description("The link a moderator shared")]
    public string LinkToken { get; set; } = "";
}

[CliCommand("community join", "Join a community through a moderator's link (verified teachers)")]
[CliExample("community", "join", "LINK_TOKEN")]
internal sealed class JoinCommunityCommand(CliEnvironment environment) : SferumCommand<JoinCommunitySettings>(environment)
{
    protected override async Task<int> RunAsync(JoinCommunitySettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).JoinCommunityAsync(
            new JoinCommunityRequest { LinkToken = settings.LinkToken }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"You are a member of \"{response.Community.Title}\" ({response.Community.CommunityId}).");
        return ExitCodes.Ok;
    }
}

[CliCommand("community request", "Ask to join a community; a moderator decides (verified teachers)")]
[CliExample("community", "request", "COMMUNITY_ID")]
internal sealed class RequestToJoinCommunityCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).RequestToJoinCommunityAsync(
            new RequestToJoinCommunityRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line("Your request waits for the community's moderators.");
        return ExitCodes.Ok;
    }
}

[CliCommand("community requests", "List requests to join (community moderators)")]
[CliExample("community", "requests", "COMMUNITY_ID")]
internal sealed class ListCommunityRequestsCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).ListCommunityJoinRequestsAsync(
            new ListCommunityJoinRequestsRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(response);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("User id", "Name", "Schools", "Asked");
        foreach (var r in response.Requests) table.AddTextRow(r.UserId, r.DisplayName, string.Join(", ", r.SchoolShortNames), CliOutput.Time(r.RequestedAt));
        output.Write(table);
        return ExitCodes.Ok;
    }
}

internal sealed class DecideCommunityRequestSettings : CommunityRefSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("Who asked")]
    public string UserId { get; set; } = "";
}

[CliCommand("community accept", "Accept a request to join (community moderators)")]
[CliExample("community", "accept", "COMMUNITY_ID", "USER_ID")]
internal sealed class AcceptCommunityRequestCommand(CliEnvironment environment) : DecideCommunityRequestCommand(environment, true);

[CliCommand("community reject", "Reject a request to join (community moderators)")]
[CliExample("community", "reject", "COMMUNITY_ID", "USER_ID")]
internal sealed class RejectCommunityRequestCommand(CliEnvironment environment) : DecideCommunityRequestCommand(environment, false);

internal abstract class DecideCommunityRequestCommand(CliEnvironment environment, bool accept) : SferumCommand<DecideCommunityRequestSettings>(environment)
{
    protected override async Task<int> RunAsync(DecideCommunityRequestSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).DecideCommunityJoinRequestAsync(
            new DecideCommunityJoinRequestRequest { CommunityId = settings.CommunityId, UserId = settings.UserId, Accept = accept }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line(accept ? $"{response.Request.DisplayName} is a member." : $"{response.Request.DisplayName}'s request is rejected.");
        return ExitCodes.Ok;
    }
}

[CliCommand("community leave", "Leave a community and its chats")]
[CliExample("community", "leave", "COMMUNITY_ID")]
internal sealed class LeaveCommunityCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new CommunityService.CommunityServiceClient(connection.Invoker).LeaveCommunityAsync(
            new LeaveCommunityRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { left = settings.CommunityId });
        else output.Line("You left the community and its chats.");
        return ExitCodes.Ok;
    }
}

internal sealed class CreateCommunityChatSettings : CommunityRefSettings
{
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
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{(settings.Channel ? "Channel" : "Chat")} {response.Chat.ChatId} \"{response.Chat.Title}\" is open.");
        return ExitCodes.Ok;
    }
}

[CliCommand("community chats", "List a community's chats and channels (members)")]
[CliExample("community", "chats", "COMMUNITY_ID")]
internal sealed class ListCommunityChatsCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).ListCommunityChatsAsync(
            new ListCommunityChatsRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(response);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Chat", "Kind", "Title", "Members");
        foreach (var c in response.Chats)
            table.AddTextRow(c.ChatId, c.Kind == ChatKind.CommunityChannel ? "channel" : "chat", c.Title, c.MemberCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.Write(table);
        return ExitCodes.Ok;
    }
}

internal sealed class CommunityModeratorSettings : CommunityRefSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("A member of the community")]
    public string UserId { get; set; } = "";

    [CommandOption("--remove"), Description("Remove the moderator instead of appointing (never the last)")]
    public bool Remove { get; set; }
}

[CliCommand("community moderator", "Appoint a member as moderator, or --remove one (moderators and operators; the last moderator hands over this way)")]
[CliExample("community", "moderator", "COMMUNITY_ID", "USER_ID")]
[CliExample("community", "moderator", "COMMUNITY_ID", "USER_ID", "--remove")]
internal sealed class SetCommunityModeratorCommand(CliEnvironment environment) : SferumCommand<CommunityModeratorSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityModeratorSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).SetCommunityModeratorAsync(
            new SetCommunityModeratorRequest { CommunityId = settings.CommunityId, UserId = settings.UserId, Moderator = !settings.Remove }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Moderators of {response.Community.Title}: {response.Community.ModeratorIds.Count}.");
        return ExitCodes.Ok;
    }
}
