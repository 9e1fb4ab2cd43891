using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("poll close", "Close the poll now: its creator or a moderator of the chat (CHAT-8)")]
[CliExample("poll", "close", "POLL_ID")]
internal sealed class ClosePollCommand(CliEnvironment environment) : SferumCommand<PollIdSettings>(environment)
{
    protected override async Task<int> RunAsync(PollIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var poll = (await new PollService.PollServiceClient(connection.Invoker).ClosePollAsync(
            new ClosePollRequest { PollId = settings.PollId }, await connection.AuthorizedAsync())).Poll;
        PollView.Show(output, poll, "closed");
        return ExitCodes.Ok;
    }
}
