using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class OpenTicketSettings : SchoolIdSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandOption("--category <CATEGORY>"), Description("sign-in, registration, classes, chats or other (default other)")]
    public string Category { get; set; } = "other";

    [CommandOption("--subject <TEXT>", isRequired: true), Description("A short subject")]
    public string Subject { get; set; } = "";

    [CommandOption("--text <TEXT>", isRequired: true), Description("What happened and what you need")]
    public string Text { get; set; } = "";

    [CommandOption("--attach <PATH_OR_FILE_ID>"), Description("Attach a file (a screenshot, say): a local path is uploaded to the school first; repeat for each (at most 5)")]
    public string[]? Attach { get; set; }

    public SupportCategory? Parsed => Category switch
    {
        "sign-in" => SupportCategory.SignIn,
        "registration" => SupportCategory.Registration,
        "classes" => SupportCategory.Classes,
        "chats" => SupportCategory.Chats,
        "other" => SupportCategory.Other,
        _ => null,
    };

    public override ValidationResult Validate() =>
        Parsed is null ? ValidationResult.Error("--category must be sign-in, registration, classes, chats or other") : ValidationResult.Success();
}

[CliCommand("support open", "Ask your school's administrators for help in a support ticket (REG-5)")]
[CliExample("support", "open", "SCHOOL_ID", "--category", "sign-in", "--subject", "\"No code\"", "--text", "\"The code does not arrive\"")]
[CliExample("support", "open", "SCHOOL_ID", "--category", "chats", "--subject", "\"Error\"", "--text", "\"See the screenshot\"", "--attach", "screen.png")]
internal sealed class OpenTicketCommand(CliEnvironment environment) : SferumCommand<OpenTicketSettings>(environment)
{
    protected override async Task<int> RunAsync(OpenTicketSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var attachments = await FileClient.AttachmentsAsync(connection, settings.SchoolId, settings.Attach, output, CancellationToken);
        var response = await new SupportService.SupportServiceClient(connection.Invoker).OpenTicketAsync(new OpenTicketRequest
        {
            SchoolId = settings.SchoolId,
            Category = settings.Parsed!.Value,
            Subject = settings.Subject,
            Text = settings.Text,
            AttachmentIds = { attachments },
            ClientRequestId = settings.RequestId ?? "",
        }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Ticket {response.Ticket.TicketId} is open; the school's administrators will answer.");
        return ExitCodes.Ok;
    }
}
