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
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunAsync(script, "stop", dir).GetAwaiter().GetResult();
            Directory.Delete(dir, recursive: true);
        };
        return output.Trim();
    }

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
        return (process.ExitCode, await output, await errors);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DistrictSferum.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (DistrictSferum.sln) was not found above the test binaries.");
    }
}
