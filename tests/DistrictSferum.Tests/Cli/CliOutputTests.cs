using DistrictSferum.Cli;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Spectre.Console;

namespace DistrictSferum.Tests.Cli;

/// <summary>sferumctl run in-process, with no server: help, usage, exit codes, error lines, the config file.</summary>
public sealed class CliOutputTests : IDisposable
{
    // Nothing listens on port 1: connecting is refused at once.
    private const string Unreachable = "http://127.0.0.1:1";

    private readonly string directory = Directory.CreateTempSubdirectory("sferumctl-tests-").FullName;
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private readonly Dictionary<string, string> variables = [];

    private string ConfigPath => Path.Combine(directory, "sferumctl", "config.json");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private Task<int> Run(params string[] args) => SferumCtl.RunAsync(args, new CliEnvironment
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }),
        Error = this.error,
        ConfigPath = ConfigPath,
        GetEnvironmentVariable = name => variables.GetValueOrDefault(name),
        Prompt = _ => "123456",
    });

    [Fact]
    public async Task Help_lists_command_groups()
    {
        Assert.Equal(ExitCodes.Ok, await Run("--help"));

        var help = output.ToString();
        foreach (var group in new[] { "login", "logout", "whoami", "school", "operator", "db", "health" })
            Assert.Contains(group, help, StringComparison.Ordinal);
        Assert.Equal("", this.error.ToString());
    }

    [Fact]
    public async Task Help_of_a_command_shows_global_options()
    {
        Assert.Equal(ExitCodes.Ok, await Run("school", "list", "--help"));

        Assert.Contains("--server", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--json", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_exits_2()
    {
        Assert.Equal(ExitCodes.Usage, await Run("frobnicate"));

        Assert.StartsWith("error: ", this.error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_option_exits_2()
    {
        Assert.Equal(ExitCodes.Usage, await Run("operator", "add", "--name", "Pyotr"));

        Assert.Contains("contact", this.error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_unreachable_server_exits_8_naming_the_address()
    {
        Assert.Equal(ExitCodes.Unavailable, await Run("--server", Unreachable, "health"));

        var firstLine = this.error.ToString().Split('\n')[0];
        Assert.StartsWith($"error: the server is unreachable at {Unreachable}", firstLine, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Health_takes_the_server_from_SFERUM_SERVER()
    {
        variables["SFERUM_SERVER"] = Unreachable;

        Assert.Equal(ExitCodes.Unavailable, await Run("health", "--json"));

        Assert.Contains($"unreachable at {Unreachable}", this.error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchoolList_without_saved_login_exits_3_with_login_hint()
    {
        Assert.Equal(ExitCodes.Unauthenticated, await Run("school", "list"));

        Assert.Contains("not signed in", this.error.ToString(), StringComparison.Ordinal);
        Assert.Contains("sferumctl login", this.error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task SchoolShow_with_login_for_another_server_exits_3_without_sending_the_token()
    {
        new CliConfigStore(ConfigPath).Save(new CliConfig().WithTokens("http://sferum.example", Tokens(DateTimeOffset.UtcNow.AddHours(1))));

        // Had the token been sent, this would be "unreachable" (8): the saved login belongs to another server.
        Assert.Equal(ExitCodes.Unauthenticated, await Run("school", "show", "s1", "--server", Unreachable));

        Assert.Contains("the saved login is for http://sferum.example", this.error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_against_unreachable_server_fails_cleanly()
    {
        var code = await Run("login", "--contact", "not-a-phone", "--server", Unreachable);

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.StartsWith("error: ", this.error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", this.error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task DbMigrate_without_connection_exits_2()
    {
        Assert.Equal(ExitCodes.Usage, await Run("db", "migrate"));

        Assert.Contains("SFERUM_CONNECTION", this.error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchoolRegister_with_malformed_order_date_exits_2()
    {
        var code = await Run("school", "register", "--name", "School No. 5", "--admin-name", "Anna Ivanova",
            "--admin-email", "anna@school5.example", "--admin-phone", "+79991234567", "--order-number", "12-K", "--order-date", "28.08.2025");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--order-date", this.error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_without_login_succeeds()
    {
        Assert.Equal(ExitCodes.Ok, await Run("logout"));

        Assert.Contains("Not signed in", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_forgets_tokens_and_keeps_server()
    {
        var store = new CliConfigStore(ConfigPath);
        store.Save(new CliConfig().WithTokens("http://sferum.example", Tokens(DateTimeOffset.UtcNow.AddHours(1))));

        Assert.Equal(ExitCodes.Ok, await Run("logout", "--json"));

        var config = store.Load();
        Assert.False(config.IsSignedIn);
        Assert.Null(config.RefreshToken);
        Assert.Equal("http://sferum.example", config.Server);
        Assert.Contains("\"signedOut\": true", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"sessionEnded\": false", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorReporter_prints_status_reason_and_rule_on_one_line()
    {
        var info = new ErrorInfo { Reason = "NOT_OPERATOR", Domain = "districtsferum", Metadata = { ["rule"] = "ORG-1" } };
        var exception = new Google.Rpc.Status
        {
            Code = (int)StatusCode.PermissionDenied,
            Message = "Only a district operator may do this. [ORG-1]",
            Details = { Any.Pack(info) },
        }.ToRpcException();

        var code = ErrorReporter.Report(exception, this.error);

        Assert.Equal(ExitCodes.PermissionDenied, code);
        Assert.Equal(
            "error: PERMISSION_DENIED: Only a district operator may do this. [ORG-1] (reason NOT_OPERATOR, rule ORG-1)" + Environment.NewLine,
            this.error.ToString());
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument, ExitCodes.Usage)]
    [InlineData(StatusCode.Unauthenticated, ExitCodes.Unauthenticated)]
    [InlineData(StatusCode.NotFound, ExitCodes.NotFound)]
    [InlineData(StatusCode.PermissionDenied, ExitCodes.PermissionDenied)]
    [InlineData(StatusCode.FailedPrecondition, ExitCodes.Conflict)]
    [InlineData(StatusCode.AlreadyExists, ExitCodes.Conflict)]
    [InlineData(StatusCode.ResourceExhausted, ExitCodes.ResourceExhausted)]
    [InlineData(StatusCode.Unavailable, ExitCodes.Unavailable)]
    [InlineData(StatusCode.Internal, ExitCodes.Failure)]
    public void ExitCodes_map_grpc_status(StatusCode status, int expected) => Assert.Equal(expected, ExitCodes.For(status));

    [Theory]
    [InlineData("--server|U|health", "health|--server|U")]
    [InlineData("--json|--server=U|school|list", "school|list|--json|--server=U")]
    [InlineData("school|list|--json", "school|list|--json")]
    [InlineData("--json", "--json")]
    public void Leading_global_options_move_behind_the_command(string given, string expected) =>
        Assert.Equal(expected.Split('|'), CommandLine.Prepare(given.Split('|')));

    [Fact]
    public void ConfigStore_writes_owner_only_file_and_reads_it_back()
    {
        if (OperatingSystem.IsWindows()) return; // Unix file modes
        var store = new CliConfigStore(ConfigPath);
        var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        store.Save(new CliConfig().WithTokens("http://sferum.example", Tokens(expires)));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(ConfigPath)!));
        var loaded = store.Load();
        Assert.Equal("http://sferum.example", loaded.Server);
        Assert.Equal("access", loaded.AccessToken);
        Assert.Equal("refresh", loaded.RefreshToken);
        Assert.Equal("u1", loaded.UserId);
        Assert.Equal(expires, loaded.AccessExpiresAt);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(ConfigPath)!));
    }

    [Fact]
    public void ConfigStore_keeps_owner_only_mode_when_replacing_a_looser_file()
    {
        if (OperatingSystem.IsWindows()) return; // Unix file modes
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        File.WriteAllText(ConfigPath, "{}");
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        new CliConfigStore(ConfigPath).Save(new CliConfig { Server = "http://sferum.example" });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
    }

    [Fact]
    public void ConfigStore_default_path_follows_environment()
    {
        var none = new Dictionary<string, string> { ["HOME"] = "/home/op" };
        Assert.Equal(Path.Combine("/home/op", ".config", "sferumctl", "config.json"), CliConfigStore.DefaultPath(none.GetValueOrDefault));

        var xdg = new Dictionary<string, string> { ["HOME"] = "/home/op", ["XDG_CONFIG_HOME"] = "/xdg" };
        Assert.Equal(Path.Combine("/xdg", "sferumctl", "config.json"), CliConfigStore.DefaultPath(xdg.GetValueOrDefault));

        var explicitPath = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = "/xdg", ["SFERUMCTL_CONFIG"] = "/etc/sferumctl.json" };
        Assert.Equal("/etc/sferumctl.json", CliConfigStore.DefaultPath(explicitPath.GetValueOrDefault));
    }

    private static TokenPair Tokens(DateTimeOffset expires) => new()
    {
        AccessToken = "access",
        AccessExpiresAt = Timestamp.FromDateTimeOffset(expires),
        RefreshToken = "refresh",
        RefreshExpiresAt = Timestamp.FromDateTimeOffset(expires.AddDays(30)),
        UserId = "u1",
    };
}
