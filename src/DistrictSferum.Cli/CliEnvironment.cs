using Spectre.Console;

namespace DistrictSferum.Cli;

/// <summary>
/// Everything sferumctl takes from the world outside the process, so that tests can run it in-process:
/// where output and errors go, where the login is kept, how environment variables and prompts are answered.
/// </summary>
public sealed record CliEnvironment
{
    /// <summary>Receives help, tables and <c>--json</c> documents (standard output).</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Receives one-line error messages and hints (standard error).</summary>
    public required TextWriter Error { get; init; }

    /// <summary>
    /// The config file holding the server and the login. Null means <c>$SFERUMCTL_CONFIG</c>, else
    /// <c>$XDG_CONFIG_HOME/sferumctl/config.json</c>, else <c>~/.config/sferumctl/config.json</c>.
    /// </summary>
    public string? ConfigPath { get; init; }

    /// <summary>Looks up an environment variable (<c>SFERUM_SERVER</c>, <c>SFERUM_CONNECTION</c>...); null when unset.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// Answers a prompt (given its text), e.g. the one-time code at <c>login</c>. Null means asking on
    /// <see cref="Console"/> when it is interactive.
    /// </summary>
    public Func<string, string>? Prompt { get; init; }

    /// <summary>The clock that decides whether the access token must be refreshed.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Optional transport for every gRPC channel (e.g. an in-memory test server's handler).</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>
    /// Standard output is a terminal: tables are the default format. When it is a pipe or a file the default is TSV, and the
    /// width of <c>-o table</c> is <c>$COLUMNS</c> (else 80).
    /// </summary>
    public bool OutputIsTerminal { get; init; } = true;

    /// <summary>Cancels the running command.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// The real process: the terminal, standard error and the process's environment variables. The first Ctrl+C cancels
    /// the command (<c>chat tail</c> ends cleanly); a second one ends the process at once.
    /// </summary>
    public static CliEnvironment FromProcess()
    {
        var cancellation = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            cancellation.Cancel();
        };
        var console = AnsiConsole.Console;
        var redirected = System.Console.IsOutputRedirected;
        if (redirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
            console.Profile.Width = columns;
        return new() { Console = console, Error = System.Console.Error, OutputIsTerminal = !redirected, CancellationToken = cancellation.Token };
    }

    internal string ResolveConfigPath() => ConfigPath ?? CliConfigStore.DefaultPath(GetEnvironmentVariable);
}
