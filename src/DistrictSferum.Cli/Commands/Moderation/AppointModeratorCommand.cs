using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("mod appoint", "Appoint a verified teacher who is a member as a moderator (moderators and administrators; ETH-2)")]
[CliExample("mod", "appoint", "CHAT_ID", "USER_ID")]
internal sealed class AppointModeratorCommand(CliEnvironment environment) : SferumCommand<ChatMemberSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatMemberSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var chat = (await new ModerationService.ModerationServiceClient(connection.Invoker).AppointModeratorAsync(
            new AppointModeratorRequest { ChatId = settings.ChatId, UserId = settings.UserId }, await connection.AuthorizedAsync())).Chat;
        if (output.Json) output.WriteJson(chat);
        else output.Line($"{settings.UserId} now moderates \"{chat.Title}\" ({chat.ChatId}); its moderators: {string.Join(", ", chat.ModeratorIds)} (ETH-2).");
        return ExitCodes.Ok;
    }
}
