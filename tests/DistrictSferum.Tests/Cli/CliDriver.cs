using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DistrictSferum.Cli;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace DistrictSferum.Tests.Cli;

/// <summary>Tests that run sferumctl against the shared test server; each test gets a fresh folder for its people's config files.</summary>
public abstract class CliServerTests(ServerFixture fixture, string folderPrefix) : IClassFixture<ServerFixture>, IDisposable
{
    private protected CliDriver Cli { get; } = new(fixture.Server, folderPrefix);

    protected ServerHost Server => fixture.Server;

    public void Dispose() => Cli.Dispose();
}

/// <summary>
/// sferumctl run in-process against a test server: every person has their own config file in a temporary folder,
/// deleted with the driver.
/// </summary>
internal sealed class CliDriver(ServerHost server, string folderPrefix) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    /// <summary>A person's sferumctl, with their own config file.</summary>
    public CliPerson Person(string name) => new(server, Path.Combine(directory, name, "config.json"));

    /// <summary>sferumctl signs in as a person the scenario built, with the phone their school has on record.</summary>
    public async Task<CliPerson> SignInAsync(SchoolScenario school, string name, Session person)
    {
        var member = (await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = person.UserId })).Member;
        var cli = Person(name);
        await cli.LoginAsync(member.Phone);
        Assert.Equal(person.UserId, cli.SavedConfig().UserId);
        return cli;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

/// <summary>One person's sferumctl: their config file, their phone (or mailbox) to read sign-in codes from, and their answers at prompts.</summary>
internal sealed class CliPerson(ServerHost server, string configPath)
{
    private string? contact;

    public string ConfigPath { get; } = configPath;

    /// <summary>The terminal's width in columns.</summary>
    public int Width { get; set; } = 250;

    /// <summary>Standard output is a pipe (the default format becomes TSV), not a terminal.</summary>
    public bool Piped { get; set; }

    /// <summary>The prompts sferumctl asked, in order.</summary>
    public List<string> Prompts { get; } = [];

    /// <summary><c>login --server ADDRESS --contact CONTACT [more]</c>, answering the prompt with the code just sent.</summary>
    public async Task<CliResult> LoginAsync(string contact, params string[] more)
    {
        this.contact = contact;
        return (await RunAsync(["login", "--server", server.Address, "--contact", contact, .. more])).Ok();
    }

    /// <summary>Runs sferumctl; a prompt is answered with the sign-in code the contact received (for a pupil, their parent's mailbox).</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(AnswerWithCode, args);

    /// <summary>Runs sferumctl answering every prompt with <paramref name="answer"/>.</summary>
    public Task<CliResult> RunAnsweringAsync(string answer, params string[] args) => RunAsync(prompt =>
    {
        Prompts.Add(prompt);
        return answer;
    }, args);

    /// <summary>Runs sferumctl with no prompt callback on a console that is not interactive (a script).</summary>
    public Task<CliResult> RunWithoutPromptAsync(params string[] args) => RunAsync(null, args);

    public CliConfig SavedConfig() => new CliConfigStore(ConfigPath).Load();

    /// <summary>Edits the current context in the saved config file's JSON by hand, as a person (or time) might.</summary>
    public void TamperConfig(Action<JsonObject> edit)
    {
        var file = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        edit(file["contexts"]![file["currentContext"]!.GetValue<string>()]!.AsObject());
        File.WriteAllText(ConfigPath, file.ToJsonString());
    }

    private async Task<CliResult> RunAsync(Func<string, string>? prompt, string[] args)
    {
        using var console = new TestConsole().Width(Width);
        var error = new StringWriter();
        var exitCode = await SferumCtl.RunAsync(args, new CliEnvironment
        {
            Console = console,
            Error = error,
            ConfigPath = ConfigPath,
            GetEnvironmentVariable = _ => null,
            Prompt = prompt,
            OutputIsTerminal = !Piped,
        });
        return new CliResult(args, exitCode, console.Output, error.ToString());
    }

    private string AnswerWithCode(string prompt)
    {
        Prompts.Add(prompt);
        Assert.NotNull(this.contact);
        return server.Codes.CodeFor(ContactAddress.Parse(this.contact).Value);
    }
}

/// <summary>What one sferumctl run printed, and its exit code.</summary>
internal sealed record CliResult(string[] Args, int ExitCode, string Out, string Error)
{
    public CliResult Ok() => Expect(ExitCodes.Ok);

    /// <summary>Fails, showing the command line, stdout and stderr, unless sferumctl exited with <paramref name="exitCode"/>.</summary>
    public CliResult Expect(int exitCode)
    {
        Assert.True(ExitCode == exitCode,
            $"sferumctl {string.Join(' ', Args)} exited {ExitCode}, expected {exitCode}.\nstdout:\n{Out}\nstderr:\n{Error}");
        return this;
    }

    /// <summary>stdout, as the JSON document <c>--json</c> prints.</summary>
    public JsonElement Json() => CliText.Json(Out);
}

/// <summary>Reading what sferumctl printed; <c>using static</c> in the tests.</summary>
internal static partial class CliText
{
    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>proto3 JSON writes 64-bit integers as strings.</summary>
    public static long Long(JsonElement value) => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!) : value.GetInt64();

    public static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The members in <c>--json chat members</c>.</summary>
    public static List<JsonElement> ChatMembers(CliResult result) => result.Ok().Json().GetProperty("members").EnumerateArray().ToList();

    /// <summary>The message number in <c>chat send</c>'s "Sent #N".</summary>
    public static long SentSeq(CliResult sent) => long.Parse(SentLine().Match(sent.Out).Groups[1].Value);

    [GeneratedRegex(@"Sent #(\d+)")]
    private static partial Regex SentLine();
}
