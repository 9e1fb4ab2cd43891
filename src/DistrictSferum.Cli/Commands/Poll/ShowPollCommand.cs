using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("poll show", "A poll's counts, your choice, and for open polls who chose what (CHAT-8)")]
[CliExample("poll", "show", "POLL_ID")]
internal sealed class ShowPollCommand(CliEnvironment environment) : SferumCommand<PollIdSettings>(environment)
{
    protected override async Task<int> RunAsync(PollIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var poll = (await new PollService.PollServiceClient(connection.Invoker).GetPollAsync(
            new GetPollRequest { PollId = settings.PollId }, await connection.AuthorizedAsync())).Poll;
        PollView.Show(output, poll, null);
        return ExitCodes.Ok;
    }
}
