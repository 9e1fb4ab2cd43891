using DistrictSferum.Cli.Commands;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli;

/// <summary>sferumctl, the district operator's and school administrator's command line, runnable in-process.</summary>
public static class SferumCtl
{
    /// <summary>Runs one command line; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("sferumctl");
            config.ConfigureConsole(environment.Console);
            config.PropagateExceptions();
            config.Settings.Registrar.RegisterInstance(environment);
            config.AddExample("login", "--server", "https://sferum.district.example", "--contact", "+79991234567");
            config.AddExample("login", "--contact", "parent@example.org", "--child-name", "\"Маша Петрова\"");
            config.AddExample("school", "list", "--all");
            config.AddExample("--json", "school", "show", "SCHOOL_ID");
            config.AddExample("class", "create", "SCHOOL_ID", "5А");
            config.AddExample("--json", "class", "list", "SCHOOL_ID");
            config.AddExample("invite", "create", "SCHOOL_ID", "CLASS_ID", "--role", "teacher", "--days", "3");
            config.AddExample("invite", "follow", "TOKEN");
            config.AddExample("request", "accept", "SCHOOL_ID", "REQUEST_ID");
            config.AddExample("member", "list", "SCHOOL_ID", "--role", "teacher");
            config.AddExample("move", "history", "SCHOOL_ID", "--all");
            config.AddExample("chat", "join", "--link", "TOKEN", "--accept-rules", "1");
            config.AddExample("chat", "tail");
            config.AddExample("mod", "remind", "CHAT_ID", "17", "--clause", "2");
            config.AddExample("mod", "block", "CHAT_ID", "USER_ID", "--violation", "V1", "--violation", "V2", "--violation", "V3", "--violation", "V4", "--days", "7");
            config.AddExample("mod", "my", "CHAT_ID");
            config.AddExample("audit", "query", "SCHOOL_ID", "--chat", "CHAT_ID");
            config.AddExample("audit", "verify", "SCHOOL_ID");
            config.AddExample("--server", "https://sferum.district.example", "health");
            // One line per command group (a file under Commands/).
            AuthCommands.Register(config);
            SchoolCommands.Register(config);
            ClassCommands.Register(config);
            InviteCommands.Register(config);
            RequestCommands.Register(config);
            MemberCommands.Register(config);
            MoveCommands.Register(config);
            ChatCommands.Register(config);
            ModerationCommands.Register(config);
            AuditCommands.Register(config);
            OperatorCommands.Register(config);
            DbCommands.Register(config);
            HealthCommand.Register(config);
        });

        try
        {
            return await app.RunAsync(ProtectDashedTokens(MoveLeadingGlobalOptions(args)), environment.CancellationToken);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, environment.Error);
        }
    }

    /// <summary>
    /// Spectre.Console.Cli reads options only after the command they belong to, but people write global options
    /// first too (<c>sferumctl --server URL health</c>): those move behind the command.
    /// </summary>
    internal static string[] MoveLeadingGlobalOptions(string[] args)
    {
        var index = 0;
        while (index < args.Length)
        {
            var arg = args[index];
            if (arg is "--json" || arg.StartsWith("--server=", StringComparison.Ordinal)) index += 1;
            else if (arg is "--server" && index + 1 < args.Length) index += 2;
            else break;
        }

        return index == 0 || index == args.Length ? args : [.. args[index..], .. args[..index]];
    }

    /// <summary>
    /// Invite tokens are base64url and one in 64 begins with '-', which Spectre.Console.Cli reads as an option (and
    /// <c>--</c> does not help). After <c>invite follow</c>, an argument that is none of its options is passed on with a
    /// leading space, which the command trims; <c>invite follow -- TOKEN</c> works too.
    /// </summary>
    /// <remarks>
    /// <c>chat</c> commands take link tokens, message texts and rule clauses that may begin with '-' as well ("-5 is
    /// not a grade", "- be polite"): the value of each of their options that takes one (<c>--link</c>, <c>--rule</c>,
    /// <c>--title</c>...) is protected the same way, and so is an argument that begins with '-' but does not look like
    /// an option (<c>-5</c>, <c>- x</c>; <c>--word</c> stays an option, and <c>-h</c> help). After <c>--</c> every
    /// argument is protected. The commands take the space off with <see cref="RestoreDashed"/>. <c>mod</c> commands are
    /// protected the same way, for a report's <c>--reason</c>.
    /// </remarks>
    internal static string[] ProtectDashedTokens(string[] args)
    {
        if (args.Length >= 3 && args[0] == "chat") return ProtectArguments(args, ChatValuedOptions);
        if (args.Length >= 3 && args[0] == "mod") return ProtectArguments(args, ModValuedOptions);
        if (args.Length < 3 || args[0] != "invite" || args[1] != "follow") return args;
        var result = new List<string> { args[0], args[1] };
        for (var index = 2; index < args.Length; index++)
        {
            var arg = args[index];
            if (arg is "--server" && index + 1 < args.Length) result.AddRange([arg, args[++index]]);
            else if (arg is "--json" or "--help" or "-h" || arg.StartsWith("--server=", StringComparison.Ordinal)) result.Add(arg);
            else if (arg is not "--") result.Add(arg.StartsWith('-') ? " " + arg : arg);
        }

        return [.. result];
    }

    /// <summary>A value <see cref="ProtectDashedTokens"/> protected, as it was typed.</summary>
    internal static string RestoreDashed(string value) => value.StartsWith(" -", StringComparison.Ordinal) ? value[1..] : value;

    /// <summary>The <c>chat</c> options that take a value (see <c>Commands/ChatCommands.cs</c>).</summary>
    private static readonly HashSet<string> ChatValuedOptions =
    [
        "--server", "--link", "--rule", "--title", "--subject", "--class", "--kind", "--key", "--mention", "--reply-to", "--before", "--limit",
        "--days", "--from", "--count", "--timeout", "--accept-rules", "--page-size", "--page-token",
    ];

    /// <summary>The <c>mod</c> options that take a value (see <c>Commands/ModerationCommands.cs</c>): <c>--reason</c> is free text.</summary>
    private static readonly HashSet<string> ModValuedOptions = ["--server", "--clause", "--violation", "--days", "--until", "--reason"];

    private static string[] ProtectArguments(string[] args, HashSet<string> valuedOptions)
    {
        static string Protect(string arg) => arg.StartsWith('-') ? " " + arg : arg;
        static bool LooksLikeOption(string arg) =>
            arg is "-h" || (arg.Length > 2 && arg.StartsWith("--", StringComparison.Ordinal) && char.IsAsciiLetterLower(arg[2]));

        var result = new List<string> { args[0], args[1] };
        for (var index = 2; index < args.Length; index++)
        {
            var arg = args[index];
            if (arg is "--")
            {
                result.AddRange(args[(index + 1)..].Select(Protect));
                break;
            }

            if (valuedOptions.Contains(arg) && index + 1 < args.Length) result.AddRange([arg, Protect(args[++index])]);
            else result.Add(LooksLikeOption(arg) ? arg : Protect(arg));
        }

        return [.. result];
    }
}
