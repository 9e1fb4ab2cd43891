using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CompleteSettings : GlobalSettings
{
    [CommandArgument(0, "[WORDS]"), Description("The words typed after `sferumctl`, the one being completed last")]
    public string[] Words { get; set; } = [];
}

/// <summary>What the completion scripts call: one candidate per line for the last word.</summary>
[CliCommand("__complete", "Candidates for the word being completed (used by the completion scripts)", Hidden = true)]
internal sealed class CompleteCommand(CliEnvironment environment) : SferumCommand<CompleteSettings>(environment)
{
    protected override Task<int> RunAsync(CompleteSettings settings, CliOutput output)
    {
        var contexts = new CliConfigStore(Environment.ResolveConfigPath()).LoadFile().Contexts.Keys;
        foreach (var candidate in Completion.Candidates(settings.Words, contexts))
            Environment.Console.Profile.Out.Writer.WriteLine(candidate);
        Environment.Console.Profile.Out.Writer.Flush();
        return Task.FromResult(ExitCodes.Ok);
    }
}
