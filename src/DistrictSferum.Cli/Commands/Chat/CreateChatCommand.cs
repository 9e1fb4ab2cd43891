using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateChatSettings : SchoolIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandOption("--kind <KIND>", isRequired: true)]
    [Description("class-students, class-parents, class-teachers, subject, admins, staff-room, parents-council, students-council or other")]
    public string Kind { get; set; } = "";

    [CommandOption("--title <TITLE>", isRequired: true), Description("The chat's title")]
    public string Title { get; set; } = "";

    [CommandOption("--class <CLASS_ID>"), Description("For class and subject chats: the class (see `class list`)")]
    public string? ClassId { get; set; }

    [CommandOption("--subject <SUBJECT>"), Description("For subject chats: the subject")]
    public string? Subject { get; set; }

    [CommandOption("--rule <CLAUSE>"), Description("A clause of the chat's rules; repeat for each, in order (at least one)")]
    public string[]? Rules { get; set; }

    public override ValidationResult Validate() =>
        SchoolLabels.Parse(ChatLabels.CreatableKinds, Kind) is null
            ? ValidationResult.Error($"--kind must be {SchoolLabels.Choices(ChatLabels.CreatableKinds)}, not '{Kind}'")
            : RuleClauses.Validate(Rules);
}

[CliCommand("chat create", "Create a chat with its numbered rules; you moderate it (the teaching staff; CHAT-1, CHAT-2, ETH-1, ORG-15)")]
[CliExample("chat", "create", "SCHOOL_ID", "--kind", "class-students", "--class", "CLASS_ID", "--title", "\"6А\"", "--rule", "\"Be polite.\"", "--rule", "\"Stay on topic.\"")]
[CliExample("chat", "create", "SCHOOL_ID", "--kind", "subject", "--class", "CLASS_ID", "--subject", "Physics", "--title", "\"Physics 6А\"", "--rule", "\"Questions about lessons only.\"")]
internal sealed class CreateChatCommand(CliEnvironment environment) : SferumCommand<CreateChatSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateChatSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new CreateChatRequest
        {
            SchoolId = settings.SchoolId,
            Kind = SchoolLabels.Parse(ChatLabels.CreatableKinds, settings.Kind)!.Value,
            Title = CommandLine.Restore(settings.Title),
            ClassId = settings.ClassId ?? "",
            Subject = settings.Subject is null ? "" : CommandLine.Restore(settings.Subject),
            RuleClauses = { RuleClauses.Of(settings.Rules) },
            ClientRequestId = settings.RequestId ?? "",
        };
        var chat = await new ChatService.ChatServiceClient(connection.Invoker).CreateChatAsync(request, await connection.AuthorizedAsync());
        await ChatView.WriteAsync(output, connection, chat.Chat);
        if (!output.Json)
            output.Line($"You moderate this chat. Let people join with `sferumctl chat link {chat.Chat.ChatId}` or `sferumctl chat invite {chat.Chat.ChatId} USER_ID`.");
        return ExitCodes.Ok;
    }
}
