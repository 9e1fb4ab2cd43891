using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CompletionSettings : GlobalSettings
{
    [CommandArgument(0, "<SHELL>"), Description("bash, zsh or fish")]
    public string Shell { get; set; } = "";
}

[CliCommand("completion", "Print a shell completion script for commands, options and values (bash, zsh, fish); `sferumctl` must be on PATH")]
[CliExample("completion", "bash")]
[CliExample("completion", "zsh")]
[CliExample("completion", "fish")]
internal sealed class CompletionCommand(CliEnvironment environment) : SferumCommand<CompletionSettings>(environment)
{
    protected override Task<int> RunAsync(CompletionSettings settings, CliOutput output)
    {
        var script = Completion.Script(settings.Shell.Trim().ToLowerInvariant())
            ?? throw CliException.Usage($"no completion for '{settings.Shell}': give bash, zsh or fish");
        Environment.Console.Profile.Out.Writer.Write(script);
        Environment.Console.Profile.Out.Writer.Flush();
        return Task.FromResult(ExitCodes.Ok);
    }
}
