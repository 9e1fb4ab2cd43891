using System.Diagnostics;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// A real clamd for the test run, started once by deploy/local/clamd.sh (which installs Debian's clamav-daemon when it is
/// missing, as postgres.sh installs PostgreSQL) with a signature database of its own that detects the EICAR test file.
/// Nothing is skipped: if clamd cannot be installed or started, the tests that need it fail and say why.
/// </summary>
public static class ClamdServer
{
    private static readonly Lazy<Task<string>> Address = new(StartAsync);

    /// <summary>The EICAR anti-virus test file: harmless, detected by every scanner.</summary>
    public static byte[] Eicar => "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"u8.ToArray();

    public static Task<string> GetAsync() => Address.Value;

    private static async Task<string> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("sferum-clamd-").FullName;
        var script = Path.Combine(RepoRoot(), "deploy", "local", "clamd.sh");
        var (code, output, errors) = await RunAsync(script, "start", dir, FreePort.Next().ToString());
        if (code != 0) throw new InvalidOperationException($"clamd.sh start failed ({code}):\n{errors}");
        StartWatchdog(script, dir);
        return output.Trim();
    }

    /// <summary>
    /// As for the test PostgreSQL: a detached shell waits for EOF on a pipe only this process holds, then stops clamd and
    /// removes its folder, so clamd ends with the test process however it ends (the runner kills it without ProcessExit).
    /// </summary>
    private static void StartWatchdog(string script, string dir)
    {
        if (script.Contains('\'', StringComparison.Ordinal) || dir.Contains('\'', StringComparison.Ordinal)) throw new InvalidOperationException("unexpected quote in a path");
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec 3<&0; setsid /bin/sh -c \"$1\" sferum-clamd-watchdog <&3 3<&- >/dev/null 2>&1 &");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add($"cat >/dev/null; bash '{script}' stop '{dir}'; rm -rf -- '{dir}'");
        Watchdog = Process.Start(start) ?? throw new InvalidOperationException("could not start the clamd watchdog");
        if (!Watchdog.WaitForExit(TimeSpan.FromSeconds(10))) throw new InvalidOperationException("the clamd watchdog did not detach");
    }

    /// <summary>Kept so its stdin pipe stays open as long as this process lives.</summary>
    private static Process? Watchdog { get; set; }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        // The daemon it started could hold the pipes open: what the script itself wrote is there within seconds.
        return (process.ExitCode, await Drained(output), await Drained(errors));
    }

    private static async Task<string> Drained(Task<string> text)
    {
        try
        {
            return await text.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            return "(output still open after the script ended)";
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DistrictSferum.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (DistrictSferum.sln) was not found above the test binaries.");
    }
}
