using System.Reflection;
using Grpc.Core;
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
        RestoreDashedValues(settings);
        var format = OutputFormats.Choose(settings, Environment.OutputIsTerminal);
        return RunAsync(settings, new CliOutput(Environment.Console, format, settings.Ids, Environment.Error));
    }

    protected abstract Task<int> RunAsync(TSettings settings, CliOutput output);

    /// <summary>Takes off the leading space <see cref="CommandLine.Prepare"/> put before text values that begin with '-'.</summary>
    private static void RestoreDashedValues(TSettings settings)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || (property.GetCustomAttribute<CommandOptionAttribute>() is null && property.GetCustomAttribute<CommandArgumentAttribute>() is null))
                continue;
            if (property.GetValue(settings) is string text) property.SetValue(settings, CommandLine.Restore(text));
            else if (property.GetValue(settings) is string[] texts) property.SetValue(settings, texts.Select(CommandLine.Restore).ToArray());
        }
    }

    protected ServerConnection Connect(TSettings settings) => new(Environment, settings.Server, CancellationToken);

    /// <summary>
    /// Follows a server stream until Ctrl+C, <paramref name="count"/> counted items, or <paramref name="timeoutSeconds"/>;
    /// <paramref name="show"/> prints an item and tells whether it counts. Running out of time before
    /// <paramref name="count"/> items arrived is a failure (exit 1); Ctrl+C and a plain timeout are a normal end.
    /// </summary>
    protected async Task<int> FollowAsync<T>(
        Func<CancellationToken, AsyncServerStreamingCall<T>> open, int? count, int? timeoutSeconds, string noun, Func<T, bool> show)
    {
        using var timeout = timeoutSeconds is { } seconds
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), Environment.Time)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, timeout.Token);
        var seen = 0;
        try
        {
            using var call = open(stop.Token);
            while (await call.ResponseStream.MoveNext(stop.Token))
            {
                if (show(call.ResponseStream.Current) && ++seen == count) return ExitCodes.Ok;
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            if (!CancellationToken.IsCancellationRequested && count is { } expected)
                throw new CliException($"timed out after {timeoutSeconds} s with {seen} of {expected} {noun}(s)", ExitCodes.Failure);
            return ExitCodes.Ok;
        }
    }
}
