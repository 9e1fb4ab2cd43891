using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("context add", "Name a server so `--server NAME` and `context use NAME` reach it; each context keeps its own login and school")]
[CliExample("context", "add", "district", "--server", "https://sferum.district.example")]
[CliExample("context", "add", "local", "--server", "http://127.0.0.1:5080")]
internal sealed class AddContextCommand(CliEnvironment environment) : SferumCommand<ContextNameSettings>(environment)
{
    protected override Task<int> RunAsync(ContextNameSettings settings, CliOutput output)
    {
        if (settings.Server is null) throw CliException.Usage("give the context's server: --server URL");
        if (settings.Name.Contains("://", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(settings.Name))
            throw CliException.Usage($"'{settings.Name}' is not a context name (a word such as district or staging)");
        var server = ServerConnection.Normalize(settings.Server);
        var store = new CliConfigStore(Environment.ResolveConfigPath(), settings.Name);
        var existing = store.Load();
        // Another server means another login: tokens never travel to a server that did not issue them.
        store.Save(string.Equals(existing.Server, server, StringComparison.OrdinalIgnoreCase) ? existing : new CliConfig { Server = server });

        if (output.Json) output.WriteJson(new { context = settings.Name, server });
        else output.Line($"Context {settings.Name} is {server}; `sferumctl context use {settings.Name}` makes it current, then `sferumctl login`.");
        return Task.FromResult(ExitCodes.Ok);
    }
}
