using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("context remove", "Forget a context and its login")]
[CliExample("context", "remove", "staging")]
internal sealed class RemoveContextCommand(CliEnvironment environment) : SferumCommand<ContextNameSettings>(environment)
{
    protected override Task<int> RunAsync(ContextNameSettings settings, CliOutput output)
    {
        var store = new CliConfigStore(Environment.ResolveConfigPath());
        var file = store.LoadFile();
        if (!file.Contexts.ContainsKey(settings.Name)) throw new CliException($"there is no context '{settings.Name}'", ExitCodes.NotFound);
        var contexts = new Dictionary<string, CliConfig>(file.Contexts, StringComparer.Ordinal);
        contexts.Remove(settings.Name);
        store.SaveFile(file with { Contexts = contexts, CurrentContext = file.CurrentContext == settings.Name ? null : file.CurrentContext });

        if (output.Json) output.WriteJson(new { removed = settings.Name });
        else output.Line($"Removed the context {settings.Name}.");
        return Task.FromResult(ExitCodes.Ok);
    }
}
