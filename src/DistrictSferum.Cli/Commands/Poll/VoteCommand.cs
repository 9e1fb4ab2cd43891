using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class VoteSettings : PollIdSettings
{
    [CommandArgument(1, "<OPTION>"), Description("The option's number (from 1, as `poll show` lists them); several for a multiple-choice poll")]
    public int[] Choices { get; set; } = [];

    public override ValidationResult Validate() =>
        Choices.Length == 0 || Choices.Any(c => c < 1) ? ValidationResult.Error("give the numbers of the options you choose, from 1")
        : ValidationResult.Success();
}

[CliCommand("poll vote", "Vote, or change your vote, while the poll is open (CHAT-8)")]
[CliExample("poll", "vote", "POLL_ID", "1")]
[CliExample("poll", "vote", "POLL_ID", "1", "3")]
internal sealed class VoteCommand(CliEnvironment environment) : SferumCommand<VoteSettings>(environment)
{
    protected override async Task<int> RunAsync(VoteSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new VoteRequest { PollId = settings.PollId, Choices = { settings.Choices.Select(c => c - 1) } };
        var poll = (await new PollService.PollServiceClient(connection.Invoker).VoteAsync(request, await connection.AuthorizedAsync())).Poll;
        PollView.Show(output, poll, "counted your vote");
        return ExitCodes.Ok;
    }
}
