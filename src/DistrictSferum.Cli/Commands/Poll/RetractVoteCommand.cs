using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("poll retract", "Take your vote back while the poll is open (CHAT-8)")]
[CliExample("poll", "retract", "POLL_ID")]
internal sealed class RetractVoteCommand(CliEnvironment environment) : SferumCommand<PollIdSettings>(environment)
{
    protected override async Task<int> RunAsync(PollIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var poll = (await new PollService.PollServiceClient(connection.Invoker).RetractVoteAsync(
            new RetractVoteRequest { PollId = settings.PollId }, await connection.AuthorizedAsync())).Poll;
        PollView.Show(output, poll, "no longer counts your vote");
        return ExitCodes.Ok;
    }
}
