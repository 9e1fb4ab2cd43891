using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

/// <summary>
/// <c>chat create|list|mine|invitations|show|link|invite|join|accept-rules|leave|set-rules|members|send|edit|delete|history|read|tail</c>:
/// chats joined voluntarily under numbered rules (RULES CHAT-1 to CHAT-7, ETH-1, ETH-3, ETH-4, ORG-12, ORG-15, ORG-16).
/// </summary>
internal static class ChatCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("chat", branch =>
        {
            branch.SetDescription("Create chats, join them under their rules, send messages, read the history and follow chats live");
            branch.AddCommand<CreateChatCommand>("create")
                .WithDescription("Create a chat with its numbered rules; you moderate it (the teaching staff; CHAT-1, CHAT-2, ETH-1, ORG-15)")
                .WithExample("chat", "create", "SCHOOL_ID", "--kind", "class-students", "--class", "CLASS_ID", "--title", "\"6А\"",
                    "--rule", "\"Be polite.\"", "--rule", "\"Stay on topic.\"")
                .WithExample("chat", "create", "SCHOOL_ID", "--kind", "subject", "--class", "CLASS_ID", "--subject", "Physics", "--title", "\"Physics 6А\"",
                    "--rule", "\"Questions about lessons only.\"");
            branch.AddCommand<ListSchoolChatsCommand>("list")
                .WithDescription("List the school's chats: all with their moderators for the director and administrators (ORG-16), else those open to you");
            branch.AddCommand<MyChatsCommand>("mine").WithDescription("Your chats with unread counts, marking those whose new rules await your acceptance");
            branch.AddCommand<ListChatInvitationsCommand>("invitations").WithDescription("Your pending personal invitations to chats (ETH-3)");
            branch.AddCommand<ShowChatCommand>("show")
                .WithDescription("Show a chat and its numbered rules; read them before joining (ETH-4)")
                .WithExample("chat", "show", "--link", "TOKEN")
                .WithExample("chat", "show", "CHAT_ID");
            branch.AddCommand<CreateChatLinkCommand>("link")
                .WithDescription("Create a link people the chat admits join by; prints its token, shown only once (moderators; CHAT-3)")
                .WithExample("chat", "link", "CHAT_ID", "--days", "3");
            branch.AddCommand<InviteToChatCommand>("invite")
                .WithDescription("Invite a member of the school; they join only by their own act (ETH-3)")
                .WithExample("chat", "invite", "CHAT_ID", "USER_ID");
            branch.AddCommand<JoinChatCommand>("join")
                .WithDescription("Join with a link or an invitation, accepting the rules' current version; asks first unless --accept-rules (ETH-3, ETH-4)")
                .WithExample("chat", "join", "--link", "TOKEN", "--accept-rules", "1")
                .WithExample("chat", "join", "CHAT_ID");
            branch.AddCommand<AcceptChatRulesCommand>("accept-rules")
                .WithDescription("Accept the chat's new rules after reading them with `chat show` (ETH-4)")
                .WithExample("chat", "accept-rules", "CHAT_ID", "2");
            branch.AddCommand<LeaveChatCommand>("leave").WithDescription("Leave a chat");
            branch.AddCommand<SetChatRulesCommand>("set-rules")
                .WithDescription("Publish new rules: a new version every member accepts again (moderators; ETH-4)")
                .WithExample("chat", "set-rules", "CHAT_ID", "--rule", "\"Be polite.\"", "--rule", "\"No advertising.\"");
            branch.AddCommand<ListChatMembersCommand>("members").WithDescription("List a chat's members, the rules version each accepted, and its moderators");
            branch.AddCommand<SendMessageCommand>("send")
                .WithDescription("Send a message; prints its sequence number once it is stored (CHAT-4)")
                .WithExample("chat", "send", "CHAT_ID", "\"Homework: page 42\"")
                .WithExample("chat", "send", "CHAT_ID", "\"See above\"", "--reply-to", "17", "--mention", "USER_ID", "--key", "homework-42")
                .WithExample("chat", "send", "CHAT_ID", "\"I am sorry, it will not happen again.\"", "--apology");
            branch.AddCommand<EditMessageCommand>("edit").WithDescription("Edit your message within the edit window (CHAT-4)");
            branch.AddCommand<DeleteMessageCommand>("delete").WithDescription("Delete your message");
            branch.AddCommand<ChatHistoryCommand>("history")
                .WithDescription("Messages, oldest at the top: the latest ones, or those before --before")
                .WithExample("chat", "history", "CHAT_ID", "--before", "120", "--limit", "20");
            branch.AddCommand<MarkChatReadCommand>("read").WithDescription("Mark the chat read up to a message");
            branch.AddCommand<TailChatsCommand>("tail")
                .WithDescription("Follow chats live, printing events as they arrive (with --json one JSON object per line), until Ctrl+C, --count or --timeout (CHAT-4)")
                .WithExample("chat", "tail")
                .WithExample("chat", "tail", "CHAT_ID", "--from", "120")
                .WithExample("--json", "chat", "tail", "CHAT_ID:120", "OTHER_CHAT_ID", "--count", "10", "--timeout", "60");
        });
}

internal class ChatIdSettings : GlobalSettings
{
    [CommandArgument(0, "<CHAT_ID>"), Description("The chat's id (see `chat mine` or `chat list`)")]
    public string ChatId { get; set; } = "";
}

/// <summary>Numbered rule clauses given as a repeated <c>--rule</c>.</summary>
internal static class RuleClauses
{
    public static ValidationResult Validate(string[]? rules) =>
        rules is not { Length: > 0 } ? ValidationResult.Error("give the chat's rules: at least one --rule \"clause\" (clause 1 first)")
        : rules.Any(string.IsNullOrWhiteSpace) ? ValidationResult.Error("a --rule clause must not be empty")
        : ValidationResult.Success();

    public static IEnumerable<string> Of(string[]? rules) => (rules ?? []).Select(SferumCtl.RestoreDashed);
}

internal sealed class CreateChatSettings : SchoolIdSettings
{
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

internal sealed class CreateChatCommand(CliEnvironment environment) : SferumCommand<CreateChatSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateChatSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new CreateChatRequest
        {
            SchoolId = settings.SchoolId,
            Kind = SchoolLabels.Parse(ChatLabels.CreatableKinds, settings.Kind)!.Value,
            Title = SferumCtl.RestoreDashed(settings.Title),
            ClassId = settings.ClassId ?? "",
            Subject = settings.Subject is null ? "" : SferumCtl.RestoreDashed(settings.Subject),
            RuleClauses = { RuleClauses.Of(settings.Rules) },
        };
        var chat = await new ChatService.ChatServiceClient(connection.Invoker).CreateChatAsync(request, await connection.AuthorizedAsync());
        await ChatView.WriteAsync(output, connection, chat);
        if (!output.Json)
            output.Line($"You moderate this chat. Let people join with `sferumctl chat link {chat.ChatId}` or `sferumctl chat invite {chat.ChatId} USER_ID`.");
        return ExitCodes.Ok;
    }
}

internal sealed class ListSchoolChatsCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListSchoolChatsAsync(
            new ListSchoolChatsRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Chats.Count, "chat(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Kind", "Title", "Class", "Moderators", "Members");
            foreach (var chat in result.Chats)
                table.AddTextRow(chat.ChatId, ChatLabels.Of(chat.Kind), chat.Title, classes![chat.ClassId], string.Join(", ", chat.ModeratorIds),
                    chat.MemberCount.ToString());
            return table;
        });
        return ExitCodes.Ok;
    }
}

internal sealed class MyChatsCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var mine = await new ChatService.ChatServiceClient(connection.Invoker).ListMyChatsAsync(new ListMyChatsRequest(), await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(mine);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Id", "Kind", "Title", "Unread", "Read/last", "Rules");
        foreach (var my in mine.Chats)
            table.AddTextRow(my.Chat.ChatId, ChatLabels.Of(my.Chat.Kind), my.Chat.Title, my.Unread == 0 ? "" : my.Unread.ToString(),
                $"#{my.ReadSeq}/#{my.Chat.LastSeq}", my.RulesToAccept ? $"! new rules v{my.Chat.Rules?.Version} to accept" : "");
        output.Write(table);
        output.Line($"{mine.Chats.Count} chat(s), {mine.Chats.Sum(c => c.Unread)} unread message(s).");
        var toAccept = mine.Chats.Count(c => c.RulesToAccept);
        if (toAccept > 0)
            output.Line($"New rules await your acceptance in {toAccept} chat(s): read them with `sferumctl chat show CHAT_ID`, " +
                "then run `sferumctl chat accept-rules CHAT_ID VERSION` (ETH-4).");
        return ExitCodes.Ok;
    }
}

internal sealed class ListChatInvitationsCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var invitations = await new ChatService.ChatServiceClient(connection.Invoker).ListInvitationsAsync(
            new ListInvitationsRequest(), await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(invitations);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Chat id", "Title", "School", "Invited by", "At");
        foreach (var i in invitations.Invitations)
            table.AddTextRow(i.ChatId, i.Title, i.SchoolId, i.InvitedBy, CliOutput.Time(i.At));
        output.Write(table);
        output.Line($"{invitations.Invitations.Count} invitation(s).");
        if (invitations.Invitations.Count > 0)
            output.Line("Read a chat's rules with `sferumctl chat show CHAT_ID`; join with `sferumctl chat join CHAT_ID`.");
        return ExitCodes.Ok;
    }
}

/// <summary>A chat named by its id or by a link token (<c>--link</c>), for seeing it before joining and for joining.</summary>
internal class ChatOrLinkSettings : GlobalSettings
{
    [CommandArgument(0, "[CHAT_ID]"), Description("The chat's id (for a chat you are in or invited to, or a channel of your school)")]
    public string? ChatId { get; set; }

    [CommandOption("--link <TOKEN>"), Description("A chat link token you were sent, instead of CHAT_ID")]
    public string? Link { get; set; }

    public string Id => ChatId is null ? "" : SferumCtl.RestoreDashed(ChatId).Trim();

    public string LinkToken => Link is null ? "" : SferumCtl.RestoreDashed(Link).Trim();

    /// <summary>How to name the same chat in another command: <c>CHAT_ID</c> or <c>--link TOKEN</c>.</summary>
    public string CommandRef => Link is null ? Id : $"--link {LinkToken}";

    public override ValidationResult Validate() =>
        (ChatId is null) == (Link is null) ? ValidationResult.Error("give either CHAT_ID or --link TOKEN") : ValidationResult.Success();
}

internal sealed class ShowChatCommand(CliEnvironment environment) : SferumCommand<ChatOrLinkSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatOrLinkSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = await new ChatService.ChatServiceClient(connection.Invoker).GetChatAsync(
            new GetChatRequest { ChatId = settings.Id, LinkToken = settings.LinkToken }, await connection.AuthorizedAsync());
        await ChatView.WriteAsync(output, connection, chat);
        if (!output.Json && settings.Link is not null)
            output.Line($"To join, accepting these rules: sferumctl chat join {settings.CommandRef} --accept-rules {chat.Rules?.Version ?? 0}");
        return ExitCodes.Ok;
    }
}

internal sealed class CreateChatLinkSettings : ChatIdSettings
{
    [CommandOption("--days <N>"), Description("The link works for N days (default 7, at most 30)")]
    public int? Days { get; set; }

    public override ValidationResult Validate() =>
        Days is <= 0 ? ValidationResult.Error("--days must be a positive number") : ValidationResult.Success();
}

internal sealed class CreateChatLinkCommand(CliEnvironment environment) : SferumCommand<CreateChatLinkSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateChatLinkSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new CreateChatLinkRequest { ChatId = settings.ChatId };
        if (settings.Days is { } days) request.Lifetime = Duration.FromTimeSpan(TimeSpan.FromDays(days));
        var created = await new ChatService.ChatServiceClient(connection.Invoker).CreateChatLinkAsync(request, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(created);
            return ExitCodes.Ok;
        }

        output.Write(new Panel(new Text(created.Token, new Style(decoration: Decoration.Bold)))
            .Header("Chat link token").Border(BoxBorder.Double).Padding(2, 1));
        output.Line($"This token is shown only once and works for {settings.Days ?? 7} day(s). Send it to those the chat admits; they read the rules with");
        output.Line($"  sferumctl chat show --link {created.Token}");
        output.Line("and join, accepting them, with");
        output.Line($"  sferumctl chat join --link {created.Token}");
        return ExitCodes.Ok;
    }
}

internal sealed class InviteToChatSettings : ChatIdSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("The invitee's user id (a member of the school)")]
    public string UserId { get; set; } = "";
}

internal sealed class InviteToChatCommand(CliEnvironment environment) : SferumCommand<InviteToChatSettings>(environment)
{
    protected override async Task<int> RunAsync(InviteToChatSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new ChatService.ChatServiceClient(connection.Invoker).InviteToChatAsync(
            new InviteToChatRequest { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { settings.ChatId, settings.UserId, invited = true });
        else output.Line($"Invited {settings.UserId} to chat {settings.ChatId}: they become a member only if they join themselves, accepting its rules (ETH-3).");
        return ExitCodes.Ok;
    }
}

internal sealed class JoinChatSettings : ChatOrLinkSettings
{
    [CommandOption("--accept-rules <VERSION>"), Description("Accept this version of the rules, read with `chat show`, without being asked")]
    public int? AcceptRules { get; set; }

    public override ValidationResult Validate() =>
        AcceptRules is <= 0 ? ValidationResult.Error("--accept-rules must be a rules version (1, 2...)") : base.Validate();
}

internal sealed class JoinChatCommand(CliEnvironment environment) : SferumCommand<JoinChatSettings>(environment)
{
    protected override async Task<int> RunAsync(JoinChatSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var version = settings.AcceptRules ?? await ConfirmRulesAsync(settings, output, connection, client);
        var chat = await client.JoinChatAsync(
            new JoinChatRequest { ChatId = settings.Id, LinkToken = settings.LinkToken, AcceptedRulesVersion = version }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(chat);
        else output.Line($"You joined \"{chat.Title}\" ({chat.ChatId}), accepting its rules version {version}; it has {chat.MemberCount} member(s).");
        return ExitCodes.Ok;
    }

    /// <summary>ETH-4: shows the rules and asks whether the person accepts them; returns the version accepted.</summary>
    private async Task<int> ConfirmRulesAsync(JoinChatSettings settings, CliOutput output, ServerConnection connection, ChatService.ChatServiceClient client)
    {
        var chat = await client.GetChatAsync(new GetChatRequest { ChatId = settings.Id, LinkToken = settings.LinkToken }, await connection.AuthorizedAsync());
        var version = chat.Rules?.Version ?? 0;
        if (!output.Json) ChatView.WriteRules(output, chat);
        var question = $"Do you accept these rules (version {version}) of \"{chat.Title}\" and join?";
        bool accepted;
        if (Environment.Prompt is { } answer) accepted = IsYes(answer($"{question} [y/N]"));
        else if (!output.Json && Environment.Console.Profile.Capabilities.Interactive)
            accepted = Environment.Console.Confirm(Markup.Escape(question), defaultValue: false);
        else
            throw new CliException($"joining \"{chat.Title}\" means accepting its rules (version {version}), and there is no terminal to ask on",
                ExitCodes.Usage, $"read them with `sferumctl chat show {settings.CommandRef}`, then run `sferumctl chat join {settings.CommandRef} --accept-rules {version}`");
        return accepted ? version : throw new CliException($"you did not accept the rules of \"{chat.Title}\": not joined", ExitCodes.Failure);
    }

    private static bool IsYes(string answer) => answer.Trim().ToLowerInvariant() is "y" or "yes" or "д" or "да";
}

internal sealed class AcceptChatRulesSettings : ChatIdSettings
{
    [CommandArgument(1, "<VERSION>"), Description("The rules version you read with `chat show` and accept")]
    public int Version { get; set; }

    public override ValidationResult Validate() =>
        Version <= 0 ? ValidationResult.Error("VERSION must be a rules version (1, 2...)") : ValidationResult.Success();
}

internal sealed class AcceptChatRulesCommand(CliEnvironment environment) : SferumCommand<AcceptChatRulesSettings>(environment)
{
    protected override async Task<int> RunAsync(AcceptChatRulesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = await new ChatService.ChatServiceClient(connection.Invoker).AcceptRulesAsync(
            new AcceptRulesRequest { ChatId = settings.ChatId, Version = settings.Version }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(chat);
        else output.Line($"You accepted the rules of \"{chat.Title}\" ({chat.ChatId}), version {settings.Version}.");
        return ExitCodes.Ok;
    }
}

internal sealed class LeaveChatCommand(CliEnvironment environment) : SferumCommand<ChatIdSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new ChatService.ChatServiceClient(connection.Invoker).LeaveChatAsync(new ChatRef { ChatId = settings.ChatId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { settings.ChatId, left = true });
        else output.Line($"You left chat {settings.ChatId}.");
        return ExitCodes.Ok;
    }
}

internal sealed class SetChatRulesSettings : ChatIdSettings
{
    [CommandOption("--rule <CLAUSE>"), Description("A clause of the new rules; repeat for each, in order (at least one)")]
    public string[]? Rules { get; set; }

    public override ValidationResult Validate() => RuleClauses.Validate(Rules);
}

internal sealed class SetChatRulesCommand(CliEnvironment environment) : SferumCommand<SetChatRulesSettings>(environment)
{
    protected override async Task<int> RunAsync(SetChatRulesSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = await new ChatService.ChatServiceClient(connection.Invoker).SetRulesAsync(
            new SetRulesRequest { ChatId = settings.ChatId, Clauses = { RuleClauses.Of(settings.Rules) } }, await connection.AuthorizedAsync());
        await ChatView.WriteAsync(output, connection, chat);
        if (!output.Json) output.Line($"Every member accepts version {chat.Rules?.Version} before posting again (ETH-4).");
        return ExitCodes.Ok;
    }
}

internal sealed class ChatPagingSettings : PagingSettings
{
    [CommandArgument(0, "<CHAT_ID>"), Description("The chat's id")]
    public string ChatId { get; set; } = "";
}

internal sealed class ListChatMembersCommand(CliEnvironment environment) : SferumCommand<ChatPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListChatMembersAsync(
            new ListChatMembersRequest { ChatId = settings.ChatId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        Pager.Write(output, result, result.Members.Count, "member(s)", () =>
        {
            var table = CliOutput.NewTable("User id", "Name", "Joined", "Rules accepted", "Moderator");
            foreach (var m in result.Members)
                table.AddTextRow(m.UserId, m.DisplayName, CliOutput.Time(m.JoinedAt), $"v{m.AcceptedRulesVersion}", m.Moderator ? "moderator" : "");
            return table;
        });
        return ExitCodes.Ok;
    }
}

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

    [CommandOption("--apology"), Description("While blocked: post your one apology; members may then object to ending the block early (ETH-7)")]
    public bool Apology { get; set; }

    public override ValidationResult Validate() =>
        ReplyTo is <= 0 ? ValidationResult.Error("--reply-to must be a message's sequence number")
        : Key is not null && string.IsNullOrWhiteSpace(Key) ? ValidationResult.Error("--key must not be empty")
        : ValidationResult.Success();
}

internal sealed class SendMessageCommand(CliEnvironment environment) : SferumCommand<SendMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(SendMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var key = settings.Key is null ? Guid.NewGuid().ToString("N") : SferumCtl.RestoreDashed(settings.Key);
        var request = new SendMessageRequest
        {
            ChatId = settings.ChatId,
            ClientKey = key,
            Body = SferumCtl.RestoreDashed(settings.Text),
            ReplyTo = settings.ReplyTo ?? 0,
            Mentions = { (settings.Mentions ?? []).Select(SferumCtl.RestoreDashed) },
            Apology = settings.Apology,
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

internal class MessageRefSettings : ChatIdSettings
{
    [CommandArgument(1, "<SEQ>"), Description("The message's sequence number (see `chat history`)")]
    public long Seq { get; set; }

    public override ValidationResult Validate() =>
        Seq <= 0 ? ValidationResult.Error("SEQ must be a message's sequence number") : ValidationResult.Success();
}

internal sealed class EditMessageSettings : MessageRefSettings
{
    [CommandArgument(2, "<TEXT>"), Description("The message's new text")]
    public string Text { get; set; } = "";
}

internal sealed class EditMessageCommand(CliEnvironment environment) : SferumCommand<EditMessageSettings>(environment)
{
    protected override async Task<int> RunAsync(EditMessageSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var ack = await new ChatService.ChatServiceClient(connection.Invoker).EditMessageAsync(
            new EditMessageRequest { ChatId = settings.ChatId, Seq = settings.Seq, Body = SferumCtl.RestoreDashed(settings.Text) }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(ack);
        else output.Line($"Edited #{settings.Seq} (change #{ack.Seq}).");
        return ExitCodes.Ok;
    }
}

internal sealed class DeleteMessageCommand(CliEnvironment environment) : SferumCommand<MessageRefSettings>(environment)
{
    protected override async Task<int> RunAsync(MessageRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var ack = await new ChatService.ChatServiceClient(connection.Invoker).DeleteMessageAsync(
            new MessageRef { ChatId = settings.ChatId, Seq = settings.Seq }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(ack);
        else output.Line($"Deleted #{settings.Seq} (change #{ack.Seq}).");
        return ExitCodes.Ok;
    }
}

internal sealed class ChatHistorySettings : ChatIdSettings
{
    [CommandOption("--before <SEQ>"), Description("Only messages before this sequence number (default: up to the newest)")]
    public long? Before { get; set; }

    [CommandOption("--limit <N>"), Description("At most N messages (default 50, at most 200)")]
    public int? Limit { get; set; }

    public override ValidationResult Validate() =>
        Before is <= 0 ? ValidationResult.Error("--before must be a message's sequence number")
        : Limit is <= 0 ? ValidationResult.Error("--limit must be a positive number")
        : ValidationResult.Success();
}

internal sealed class ChatHistoryCommand(CliEnvironment environment) : SferumCommand<ChatHistorySettings>(environment)
{
    private const int ServerDefaultLimit = 50;

    protected override async Task<int> RunAsync(ChatHistorySettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var history = await new ChatService.ChatServiceClient(connection.Invoker).GetHistoryAsync(
            new GetHistoryRequest { ChatId = settings.ChatId, BeforeSeq = settings.Before ?? 0, Limit = settings.Limit ?? 0 }, await connection.AuthorizedAsync());
        // --json: the server's response as it is (newest first); the table reads top to bottom, oldest first.
        if (output.Json)
        {
            output.WriteJson(history);
            return ExitCodes.Ok;
        }

        var messages = history.Messages.OrderBy(m => m.Seq).ToList();
        var table = CliOutput.NewTable("Seq", "Time", "Author", "Text", "Marks");
        foreach (var m in messages)
            table.AddTextRow($"#{m.Seq}", CliOutput.Time(m.At), m.AuthorId, m.Body, Marks(m));
        output.Write(table);
        var full = messages.Count > 0 && messages.Count >= (settings.Limit ?? ServerDefaultLimit);
        output.Line(full ? $"{messages.Count} message(s); older ones with --before {messages[0].Seq}" : $"{messages.Count} message(s).");
        return ExitCodes.Ok;
    }

    private static string Marks(Message m)
    {
        var marks = new List<string>();
        if (m.ReplyTo > 0) marks.Add($"reply to #{m.ReplyTo}");
        if (m.Mentions.Count > 0) marks.Add("mentions " + string.Join(", ", m.Mentions));
        if (m.EditedAt is not null) marks.Add("edited");
        if (m.DeletedAt is not null) marks.Add(m.DeletedBy.Length > 0 && m.DeletedBy != m.AuthorId ? $"deleted by {m.DeletedBy}" : "deleted");
        return string.Join("; ", marks);
    }
}

internal sealed class MarkChatReadCommand(CliEnvironment environment) : SferumCommand<MessageRefSettings>(environment)
{
    protected override async Task<int> RunAsync(MessageRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var position = await new ChatService.ChatServiceClient(connection.Invoker).MarkReadAsync(
            new MarkReadRequest { ChatId = settings.ChatId, Seq = settings.Seq }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(position);
        else output.Line($"Read up to #{position.ReadSeq} of #{position.LastSeq} in chat {position.ChatId}.");
        return ExitCodes.Ok;
    }
}

internal sealed class TailChatsSettings : GlobalSettings
{
    [CommandArgument(0, "[CHAT_ID]")]
    [Description("Chats to follow, each CHAT_ID or CHAT_ID:SEQ (what comes after SEQ); none: all your chats, from now")]
    public string[]? Chats { get; set; }

    [CommandOption("--from <SEQ>"), Description("For the CHAT_IDs without :SEQ, start after SEQ (default: from now)")]
    public long? From { get; set; }

    [CommandOption("--count <N>"), Description("Stop after N events")]
    public int? Count { get; set; }

    [CommandOption("--timeout <SECONDS>"), Description("Stop after SECONDS; with --count, fewer events by then is a failure (exit 1)")]
    public int? Timeout { get; set; }

    /// <summary>The chats named and where each starts: after the given sequence number, or null for from now.</summary>
    public IEnumerable<(string ChatId, long? After)> Positions() => (Chats ?? []).Select(arg =>
    {
        var colon = arg.LastIndexOf(':');
        return colon < 0 ? (arg, From) : (arg[..colon], long.Parse(arg[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    });

    public override ValidationResult Validate()
    {
        foreach (var arg in Chats ?? [])
        {
            var colon = arg.LastIndexOf(':');
            if (colon == 0 || (colon > 0 && !(long.TryParse(arg[(colon + 1)..], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out _))))
                return ValidationResult.Error($"'{arg}' is not CHAT_ID or CHAT_ID:SEQ");
        }

        if (From is < 0) return ValidationResult.Error("--from must be a sequence number (0: from the start)");
        if (From is not null && Chats is not { Length: > 0 }) return ValidationResult.Error("--from needs the CHAT_IDs it applies to");
        return Count is <= 0 || Timeout is <= 0 ? ValidationResult.Error("--count and --timeout must be positive numbers") : ValidationResult.Success();
    }
}

/// <summary>
/// <c>chat tail</c>: one Subscribe stream for the chats, printing each event as it arrives: a line per event, or with
/// <c>--json</c> one ChatUpdate per line (JSON Lines; <c>{"event": ...}</c>, and <c>{"caughtUp": ...}</c> once per chat
/// when what was missed has been delivered).
/// </summary>
internal sealed class TailChatsCommand(CliEnvironment environment) : SferumCommand<TailChatsSettings>(environment)
{
    protected override async Task<int> RunAsync(TailChatsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var options = await connection.AuthorizedAsync();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var request = new SubscribeRequest();
        foreach (var (chatId, after) in settings.Positions())
        {
            var lastSeq = after;
            if (lastSeq is null)
            {
                // From now: after the chat's last event (what arrives meanwhile is delivered, not lost).
                var chat = await client.GetChatAsync(new GetChatRequest { ChatId = chatId }, options);
                titles[chatId] = chat.Title;
                lastSeq = chat.LastSeq;
            }

            request.Positions.Add(new ChatPosition { ChatId = chatId, LastSeq = lastSeq.Value });
        }

        if (!output.Json && (request.Positions.Count == 0 || request.Positions.Any(p => !titles.ContainsKey(p.ChatId))))
            foreach (var mine in (await client.ListMyChatsAsync(new ListMyChatsRequest(), options)).Chats)
                titles.TryAdd(mine.Chat.ChatId, mine.Chat.Title);

        return await FollowAsync(stop => client.Subscribe(request, options.WithCancellationToken(stop)), settings.Count, settings.Timeout, "event", update =>
        {
            if (output.Json) output.WriteJsonLine(update);
            if (update.UpdateCase != ChatUpdate.UpdateOneofCase.Event) return false;
            if (!output.Json) output.Line(Line(update.Event, titles));
            return true;
        });
    }

    /// <summary><c>[title] #seq author: text</c>; joins, departures, edits and rules changes as <c>[title] #seq * ...</c> system lines.</summary>
    internal static string Line(ChatEvent e, IReadOnlyDictionary<string, string> titles)
    {
        var head = $"[{titles.GetValueOrDefault(e.ChatId, e.ChatId)}] #{e.Seq}";
        return e.Kind switch
        {
            // Replayed from the log, a message deleted since has lost its text.
            ChatEventKind.Posted => $"{head} {e.ActorId}{(e.ReplyTo > 0 ? $" (reply to #{e.ReplyTo})" : "")}: {(e.Body.Length > 0 ? e.Body : "(deleted)")}",
            ChatEventKind.Edited => $"{head} * {e.ActorId} edited #{e.TargetSeq}: {e.Body}",
            ChatEventKind.Deleted => $"{head} * {e.ActorId} deleted #{e.TargetSeq}",
            ChatEventKind.MemberJoined => $"{head} * {e.SubjectUserId} joined",
            ChatEventKind.MemberLeft => $"{head} * {e.SubjectUserId} left",
            ChatEventKind.MemberRemoved => $"{head} * {e.SubjectUserId} was removed" + (e.ActorId.Length > 0 && e.ActorId != e.SubjectUserId ? $" by {e.ActorId}" : ""),
            ChatEventKind.RulesChanged =>
                $"{head} * {e.ActorId} changed the rules to version {e.TargetSeq}; read them with `sferumctl chat show {e.ChatId}`, then accept them with `sferumctl chat accept-rules {e.ChatId} {e.TargetSeq}`",
            _ => $"{head} * {e.Kind}",
        };
    }
}

/// <summary>One chat as JSON, or as a field/value table followed by its numbered rules (ETH-4).</summary>
internal static class ChatView
{
    public static async Task WriteAsync(CliOutput output, ServerConnection connection, Chat chat)
    {
        if (output.Json)
        {
            output.WriteJson(chat);
            return;
        }

        var classes = chat.ClassId.Length > 0 ? await ClassNames.LoadAsync(connection, chat.SchoolId) : null;
        output.Write(CliOutput.KeyValues([
            ("Id", chat.ChatId),
            ("Title", chat.Title),
            ("Kind", ChatLabels.Of(chat.Kind)),
            ("School", chat.SchoolId),
            ("Class", classes?.WithId(chat.ClassId) ?? ""),
            ("Subject", chat.Subject),
            ("Moderators", string.Join(", ", chat.ModeratorIds)),
            ("Members", chat.MemberCount.ToString()),
            ("Created", $"{CliOutput.Time(chat.CreatedAt)} by {chat.CreatedBy}"),
            ("Last seq", $"#{chat.LastSeq}"),
        ]));
        WriteRules(output, chat);
    }

    /// <summary>"Rules of "title", version N:" and the numbered clauses.</summary>
    public static void WriteRules(CliOutput output, Chat chat)
    {
        var rules = chat.Rules ?? new ChatRules();
        output.Line($"Rules of \"{chat.Title}\", version {rules.Version} (since {CliOutput.Time(rules.ChangedAt)}):");
        foreach (var clause in ChatLabels.Numbered(rules.Clauses)) output.Line("  " + clause);
    }
}
