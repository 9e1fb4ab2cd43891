using DistrictSferum.Cli;
using DistrictSferum.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Testing;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// sferumctl's command line without a server: strict parsing with suggestions, --version, every command's examples,
/// shell completion, and the output formats (tables that fit 80 columns, TSV when piped, CSV).
/// </summary>
public sealed class CliCommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sferumctl-cmdline-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<CliResult> Run(string[] args, int width = 250, bool piped = false)
    {
        using var console = new TestConsole().Width(width);
        var error = new StringWriter();
        var code = await SferumCtl.RunAsync(args, new CliEnvironment
        {
            Console = console,
            Error = error,
            ConfigPath = Path.Combine(directory, "config.json"),
            GetEnvironmentVariable = _ => null,
            OutputIsTerminal = !piped,
        });
        return new CliResult(args, code, console.Output, error.ToString());
    }

    [Theory]
    [InlineData("invite create S C --role teacher --max-use 1 --day 1", "--max-use", "--max-uses")]
    [InlineData("class list S --jsn", "--jsn", "--json")]
    [InlineData("chat history C --befor 10", "--befor", "--before")]
    [InlineData("--serer http://x school list", "--serer", "--server")]
    public async Task Unknown_options_exit_2_with_did_you_mean(string line, string typed, string meant)
    {
        var result = (await Run(line.Split(' '))).Expect(ExitCodes.Usage);

        Assert.Contains($"unknown option '{typed}'", result.Error, StringComparison.Ordinal);
        Assert.Contains($"did you mean {meant}", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Unknown_commands_and_extra_arguments_exit_2()
    {
        var command = (await Run(["schol", "list"])).Expect(ExitCodes.Usage);
        var sub = (await Run(["chat", "hisory", "C"])).Expect(ExitCodes.Usage);
        var extra = (await Run(["class", "list", "S", "extra"])).Expect(ExitCodes.Usage);

        Assert.Contains("did you mean 'school'", command.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'history'", sub.Error, StringComparison.Ordinal);
        Assert.Contains("extra", extra.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_build()
    {
        var result = (await Run(["--version"])).Ok();

        Assert.Matches(@"^sferumctl \d+\.\d+\.\d+", result.Out);
    }

    [Fact]
    public async Task Every_command_has_examples_that_parse()
    {
        var commands = CommandTree.Root.Descendants().Where(n => n.IsCommand && !n.Hidden).ToList();
        Assert.True(commands.Count > 60, $"only {commands.Count} commands found");
        foreach (var command in commands)
        {
            Assert.NotEmpty(command.Examples);
            foreach (var example in command.Examples)
            {
                // Quotes in an example show how to type it; the shell takes them off.
                var args = example.Select(a => a.Trim('"')).ToArray();
                var prepared = CommandLine.Prepare(args, () => "SCHOOL_ID");
                Assert.Equal(command, CommandTree.Resolve(prepared).Node);
            }
        }

        // Spectre.Console.Cli parses every example against the settings' attributes too.
        using var console = new TestConsole();
        var app = SferumCtl.NewApp(new CliEnvironment { Console = console, Error = TextWriter.Null }, validateExamples: true);
        Assert.Equal(ExitCodes.Ok, await app.RunAsync(["--help"]));
    }

    [Fact]
    public async Task Every_group_is_described_in_help()
    {
        foreach (var group in CommandTree.Root.Children.Where(c => !c.IsCommand))
            Assert.False(string.IsNullOrWhiteSpace(group.Description), $"`{group.Name}` has no line in Commands/CommandGroups.cs");

        var help = (await Run(["--help"])).Ok().Out;
        Assert.Contains("completion", help, StringComparison.Ordinal);
        Assert.DoesNotContain("__complete", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _sferumctl sferumctl")]
    [InlineData("zsh", "compdef _sferumctl sferumctl")]
    [InlineData("fish", "complete -c sferumctl")]
    public async Task Completion_scripts_are_generated(string shell, string registration)
    {
        var script = (await Run(["completion", shell])).Ok().Out;

        Assert.Contains(registration, script, StringComparison.Ordinal);
        Assert.Contains("sferumctl __complete --", script, StringComparison.Ordinal);
        (await Run(["completion", "powershell"])).Expect(ExitCodes.Usage);
    }

    [Theory]
    [InlineData("sch", "school")]
    [InlineData("chat|se", "send|set-rules")]
    [InlineData("chat|send|C|--re", "--reply-to")]
    [InlineData("invite|create|--ma", "--max-uses")]
    [InlineData("-o|", "csv|json|table|tsv")]
    [InlineData("chat|send|C|-o|ts", "tsv")]
    public async Task Completion_offers_commands_options_and_values(string words, string expected)
    {
        var result = (await Run(["__complete", "--", .. words.Split('|')])).Ok();

        Assert.Equal(expected.Split('|'), CliText.Lines(result.Out));
    }

    [Fact]
    public async Task Bash_completion_script_completes_in_a_real_bash()
    {
        if (!File.Exists("/bin/bash")) return;
        var script = (await Run(["completion", "bash"])).Ok().Out;
        var dll = Path.Combine(AppContext.BaseDirectory, "sferumctl.dll");
        var file = Path.Combine(directory, "complete.sh");
        await File.WriteAllTextAsync(file, $$"""
            sferumctl() { dotnet '{{dll}}' "$@"; }
            {{script}}
            COMP_WORDS=(sferumctl invite cr); COMP_CWORD=2; _sferumctl; echo "${COMPREPLY[@]}"
            """);
        var bash = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/bash", [file])
        {
            RedirectStandardOutput = true,
            Environment = { ["SFERUMCTL_CONFIG"] = Path.Combine(directory, "config.json") },
        })!;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = await bash.StandardOutput.ReadToEndAsync(patience.Token);
        await bash.WaitForExitAsync(patience.Token);

        Assert.Equal("create", output.Trim());
    }

    [Fact]
    public async Task The_real_process_writes_tsv_to_a_pipe_and_honours_COLUMNS_for_tables()
    {
        await Run(["context", "add", "district", "--server", "https://sferum.district.example"]);
        await Run(["context", "add", "a-context-with-a-long-name", "--server", "https://a-long-server-name.district.example:5443"]);

        var piped = await RunProcessAsync(["context", "list"], columns: null);
        var narrow = await RunProcessAsync(["-o", "table", "context", "list"], columns: 50);

        Assert.StartsWith("Current\tContext\tServer\tSigned in\tSchool\n", piped, StringComparison.Ordinal);
        var lines = narrow.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(TableLayout.Length(line) <= 50, $"{TableLayout.Length(line)} columns: {line}"));
        Assert.StartsWith("Current", lines[0], StringComparison.Ordinal);
        Assert.Contains("district", narrow, StringComparison.Ordinal);
    }

    /// <summary>sferumctl as its own process with stdout a pipe, as `sferumctl ... | less` runs it.</summary>
    private async Task<string> RunProcessAsync(string[] args, int? columns)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "sferumctl.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SFERUMCTL_CONFIG"] = Path.Combine(directory, "config.json") },
        };
        start.Environment.Remove("COLUMNS");
        if (columns is { } width) start.Environment["COLUMNS"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(start)!;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var errors = process.StandardError.ReadToEndAsync(patience.Token);
        var output = await process.StandardOutput.ReadToEndAsync(patience.Token);
        await process.WaitForExitAsync(patience.Token);
        await errors;
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    [Fact]
    public void Tables_fit_80_columns_and_keep_every_column()
    {
        string[] headers = ["Id", "Time", "Action", "Outcome", "Actor", "Member", "Chat", "Seq", "Clause", "Detail"];
        var row = new[]
        {
            "42", "2026-11-29 21:00 +03:00", "MODERATOR_DELETED_MESSAGE", "done", "Анна Сергеевна Иванова", "Пётр Петров",
            "Physics 6А", "17", "2", "Deleted for insulting a classmate; the text is kept as evidence for the school's supervisors",
        };

        var text = TableLayout.Fit(headers, [row, row], 80);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(TableLayout.Length(line) <= 80, $"{TableLayout.Length(line)} columns: {line}"));
        // Every column keeps a width: each header and each cell's first word is on the screen.
        foreach (var header in headers) Assert.Contains(header, text, StringComparison.Ordinal);
        foreach (var cell in row) Assert.Contains(cell[..Math.Min(cell.Length, 4)], text, StringComparison.Ordinal);
        // The layout is column-aligned: the header of the last column starts where its cells start.
        var detail = lines[0].IndexOf("Detail", StringComparison.Ordinal);
        Assert.Equal("Dele", lines[1].Substring(detail, 4));
    }

    [Fact]
    public void Tsv_and_csv_escape_what_would_split_a_row()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "a\tb", "line 1\nline 2", "back\\slash" }, new[] { "x,y", "say \"hi\"", "" } };

        Assert.Equal("A\tB\tC\na\\tb\tline 1\\nline 2\tback\\\\slash\nx,y\tsay \"hi\"\t\n", TableLayout.Tsv(["A", "B", "C"], rows));
        Assert.Equal("A,B,C\r\na\tb,\"line 1\nline 2\",back\\slash\r\n\"x,y\",\"say \"\"hi\"\"\",\r\n", TableLayout.Csv(["A", "B", "C"], rows));
    }

    [Fact]
    public async Task Piped_output_is_tsv_and_o_chooses_the_format()
    {
        await Run(["context", "add", "district", "--server", "https://sferum.district.example"]);
        await Run(["context", "add", "staging", "--server", "https://staging.district.example"]);

        var piped = (await Run(["context", "list"], piped: true)).Ok();
        var table = (await Run(["context", "list", "-o", "table"], width: 80, piped: true)).Ok();
        var csv = (await Run(["context", "list", "-o", "csv"])).Ok();
        var bad = (await Run(["context", "list", "-o", "xml"])).Expect(ExitCodes.Usage);

        Assert.Equal(["Current\tContext\tServer\tSigned in\tSchool", "*\tdistrict\thttps://sferum.district.example\tno\t", "\tstaging\thttps://staging.district.example\tno\t"],
            piped.Out.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("Current  Context   Server", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', table.Out);
        Assert.StartsWith("Current,Context,Server,Signed in,School\r\n*,district,", csv.Out, StringComparison.Ordinal);
        Assert.Contains("table, json, tsv, csv", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contexts_are_added_used_listed_and_removed()
    {
        (await Run(["context", "add", "district", "--server", "https://sferum.district.example/"])).Ok();
        (await Run(["context", "add", "local", "--server", "http://127.0.0.1:5599"])).Ok();
        (await Run(["context", "use", "local"])).Ok();
        var missing = (await Run(["context", "use", "nowhere"])).Expect(ExitCodes.NotFound);
        var list = (await Run(["--json", "context", "list"])).Ok().Json();

        Assert.Equal("local", list.GetProperty("currentContext").GetString());
        Assert.Equal(["district", "local"], list.GetProperty("contexts").EnumerateArray().Select(c => c.GetProperty("context").GetString()));
        Assert.Equal("https://sferum.district.example", list.GetProperty("contexts")[0].GetProperty("server").GetString());
        Assert.Contains("district, local", missing.Error, StringComparison.Ordinal);

        // --server names a context; the current one is used without it. Both are unreachable here: the error names the address.
        var named = (await Run(["--server", "local", "health"])).Expect(ExitCodes.Unavailable);
        Assert.Contains("127.0.0.1:5599", named.Error, StringComparison.Ordinal);
        var neither = (await Run(["--server", "nowhere", "health"])).Expect(ExitCodes.Usage);
        Assert.Contains("neither a server address", neither.Error, StringComparison.Ordinal);

        (await Run(["context", "remove", "local"])).Ok();
        var after = (await Run(["--json", "context", "list"])).Ok().Json();
        Assert.Equal(["district"], after.GetProperty("contexts").EnumerateArray().Select(c => c.GetProperty("context").GetString()));
    }

    [Fact]
    public void A_config_of_an_older_sferumctl_reads_as_the_default_context()
    {
        var path = Path.Combine(directory, "old.json");
        File.WriteAllText(path, """{ "server": "http://127.0.0.1:5080", "userId": "u1", "accessToken": "a", "refreshToken": "r" }""");

        var config = new CliConfigStore(path).Load();

        Assert.Equal("u1", config.UserId);
        Assert.Equal(CliConfigStore.DefaultContext, new CliConfigStore(path).Context);
    }
}
