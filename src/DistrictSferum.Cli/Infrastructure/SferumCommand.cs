using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Base of every sferumctl command: hands the command its environment, an output for the chosen format, and
/// connections to the server. Failures are thrown (RpcException, <see cref="CliException"/>) and reported in one place.
/// </summary>
internal abstract class SferumCommand<TSettings>(CliEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : GlobalSettings
{
    protected CliEnvironment Environment { get; } = environment;

    protected CancellationToken CancellationToken { get; private set; }

    public sealed override Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        return RunAsync(settings, new CliOutput(Environment.Console, settings.Json));
    }

    protected abstract Task<int> RunAsync(TSettings settings, CliOutput output);

    protected ServerConnection Connect(TSettings settings) => new(Environment, settings.Server, CancellationToken);
}
