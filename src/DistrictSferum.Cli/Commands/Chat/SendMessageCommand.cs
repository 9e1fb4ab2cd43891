using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class SendMessageSettings : ChatIdSettings
{
    [CommandArgument(1, "<TEXT>"), Description("The message (quote it; after `--` it may begin with '-')")]
    public string Text { get; set; } = "";

    [CommandOption("--reply-to <SEQ>"), Description("Reply to the message with this sequence number")]
    public long? ReplyTo { get; set; }

    [CommandOption("--mention <USER_ID>"), Description("Mention a member; repeat for each")]
    public string[]? Mentions { get; set; }

    [CommandOption("--key <CLIENT_KEY>"), Description("The send's idempotency key: a retry with the same key is stored once (default: a new GUID)")]
    public string? Key { get; set; }

    [CommandOption("--attach <PATH_OR_FILE_ID>"), Description("Attach a file: a local path is uploaded to the chat's school first; repeat for each (at most 10; CHAT-8)")]
    public string[]? Attach { get; set; }

    [CommandOption("--apology"), Description("While blocked: post your one apology; members may then object to ending the block early (ETH-7)")]
    public bool Apology { get; set; }

    public override ValidationResult Validate() =>
        ReplyTo is <= 0 ? ValidationResult.Error("--reply-to must be a message's sequence number")
        : Key is not null && string.IsNullOrWhiteSpace(Key) ? ValidationResult.Error("--key must not be empty")
        : ValidationResult.Success();
}

[CliCommand("chat send", "Send a message; prints its sequence number once it is stored (CHAT-4)")]
[CliExample("chat", "send", "CHAT_ID", "\"Homework: page 42\"")]
[CliExample("chat", "send", "CHAT_ID", "\"See above\"", "--reply-to", "17", "--mention", "USER_ID", "--key", "homework-42")]
[CliExample("chat", "send", "CHAT_ID", "\"I am sorry, it will not happen again.\"", "--apology")]
[CliExample("chat", "send", "CHAT_ID", "\"Homework sheet\"", "--attach", "homework.pdf")]
internal sealed class SendMessageCommand(CliEnvironment environment) : SferumCommand<SendMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(SendMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var key = settings.Key is null ? Guid.NewGuid().ToString("N") : CommandLine.Restore(settings.Key);
        var attachments = new List<string>();
        if (settings.Attach is { Length: > 0 } attach)
        {
            var schoolId = (await new ChatService.ChatServiceClient(connection.Invoker).GetChatAsync(
                new GetChatRequest { ChatId = settings.ChatId }, await connection.AuthorizedAsync())).Chat.SchoolId;
            attachments = await FileClient.AttachmentsAsync(connection, schoolId, attach, output, CancellationToken);
        }

        var request = new SendMessageRequest
        {
            ChatId = settings.ChatId,
            ClientKey = key,
            Body = CommandLine.Restore(settings.Text),
            ReplyTo = settings.ReplyTo ?? 0,
            Mentions = { (settings.Mentions ?? []).Select(CommandLine.Restore) },
            Apology = settings.Apology,
            AttachmentIds = { attachments },
        };
        var ack = await new ChatService.ChatServiceClient(connection.Invoker).SendMessageAsync(request, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(ack);
        else if (ack.Duplicate) output.Line($"#{ack.Seq} (duplicate): already sent with key {key} at {CliOutput.Time(ack.At)}; stored once.");
        else output.Line($"Sent #{ack.Seq} at {CliOutput.Time(ack.At)} (key {key}).");
        if (!output.Json && settings.Apology)
            output.Line($"Your apology is posted; `sferumctl mod my {settings.ChatId}` shows until when members may object to ending your block early (ETH-7).");
        return ExitCodes.Ok;
    }
}
