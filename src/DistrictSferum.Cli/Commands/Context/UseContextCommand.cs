using DistrictSferum.Cli.Infrastructure;

namespace DistrictSferum.Cli.Commands;

[CliCommand("context use", "Make a context current: later commands talk to its server, with its login and school")]
[CliExample("context", "use", "district")]
internal sealed class UseContextCommand(CliEnvironment environment) : SferumCommand<ContextNameSettings>(environment)
{
    protected override Task<int> RunAsync(ContextNameSettings settings, CliOutput output)
    {
        var store = new CliConfigStore(Environment.ResolveConfigPath());
        var file = store.LoadFile();
        if (!file.Contexts.TryGetValue(settings.Name, out var context))
            throw new CliException($"there is no context '{settings.Name}'", ExitCodes.NotFound,
                file.Contexts.Count > 0 ? $"the contexts are {string.Join(", ", file.Contexts.Keys)}" : "add one with `sferumctl context add NAME --server URL`");
        store.Use(settings.Name);

        if (output.Json) output.WriteJson(new { context = settings.Name, server = context.Server, signedIn = context.IsSignedIn, school = context.School });
        else output.Line($"Using {settings.Name} ({context.Server}){(context.IsSignedIn ? "" : "; not signed in there yet: run `sferumctl login --contact PHONE_OR_EMAIL`")}.");
        return Task.FromResult(ExitCodes.Ok);
    }
}
