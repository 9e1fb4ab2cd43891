using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateCommunitySettings : GlobalSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

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
            ClientRequestId = settings.RequestId ?? "",
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Community {response.Community.CommunityId} \"{response.Community.Title}\" is open; its moderators admit members.");
        return ExitCodes.Ok;
    }
}
