using System.Reflection;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli;

/// <summary>sferumctl, the district operator's and school administrator's command line, runnable in-process.</summary>
public static class SferumCtl
{
    /// <summary>"1.0.0+abc1234": the informational version the build stamped (with the commit when built from git).</summary>
    public static string Version { get; } =
        typeof(SferumCtl).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Runs one command line; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            if (args is ["--version"] or ["-v"])
            {
                environment.Console.Profile.Out.Writer.WriteLine($"sferumctl {Version}");
                environment.Console.Profile.Out.Writer.Flush();
                return ExitCodes.Ok;
            }

            var prepared = CommandLine.Prepare(args, () => CurrentSchool(environment, args));
            return await NewApp(environment).RunAsync(prepared, environment.CancellationToken);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, environment.Error);
        }
    }

    /// <summary>The command app with every command of <see cref="CommandTree"/>; <paramref name="validateExamples"/> for tests.</summary>
    internal static CommandApp NewApp(CliEnvironment environment, bool validateExamples = false)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("sferumctl");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(environment.Console);
            config.PropagateExceptions();
            config.UseStrictParsing();
            if (validateExamples) config.ValidateExamples();
            config.Settings.Registrar.RegisterInstance(environment);
            config.AddExample("login", "--server", "http://127.0.0.1:5080", "--contact", "+79991234567", "--name", "\"Анна Иванова\"");
            config.AddExample("whoami");
            config.AddExample("use", "\"School No. 5\"");
            config.AddExample("class", "list");
            config.AddExample("school", "show", "SCHOOL_ID", "-o", "json");
            config.AddExample("invite", "create", "SCHOOL_ID", "CLASS_ID", "--role", "teacher", "--days", "3");
            config.AddExample("member", "list", "--role", "teacher");
            config.AddExample("chat", "tail");
            config.AddExample("audit", "query", "--chat", "CHAT_ID");
            config.AddExample("health", "--server", "https://sferum.district.example");
            config.AddExample("completion", "bash");
            CommandTree.Configure(config);
        });
        return app;
    }

    /// <summary>The school <c>sferumctl use</c> chose in the context this command line talks to; null when none.</summary>
    private static string? CurrentSchool(CliEnvironment environment, string[] args) =>
        new CliConfigStore(environment.ResolveConfigPath()).Load().School;
}
