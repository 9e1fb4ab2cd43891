using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for tests (DESIGN §8). When <c>SFERUM_TEST_POSTGRES</c> holds a connection string, that
/// server is used as it is; otherwise a throwaway cluster is made from the machine's PostgreSQL binaries in a temp
/// directory on a free 127.0.0.1 port, and removed when this object is disposed (or the process exits).
/// </summary>
/// <remarks>
/// Most tests should not create one of these: use <see cref="SharedPostgres"/> (one server per test process) through
/// <see cref="PostgresDatabaseFixture"/> (one fresh database per test class).
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The environment variable naming an existing server to use instead of a throwaway cluster.</summary>
    public const string ConnectionStringVariable = "SFERUM_TEST_POSTGRES";

    private const int MaxPoolSizePerDatabase = 20;

    private readonly ConcurrentDictionary<string, bool> databases = new();
    private ThrowawayCluster? cluster;
    private string? adminConnectionString;

    /// <summary>A connection string with the right to create and drop databases (a superuser for a throwaway cluster).</summary>
    public string AdminConnectionString =>
        adminConnectionString ?? throw new InvalidOperationException("The PostgreSQL server has not been started.");

    /// <summary>True when this object started its own cluster; false when it uses the server named by the environment.</summary>
    public bool IsThrowaway => this.cluster is not null;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            adminConnectionString = external;
            await CheckConnectionAsync(external,
                $"the server named by {ConnectionStringVariable} does not accept connections").ConfigureAwait(false);
            return;
        }

        var cluster = new ThrowawayCluster();
        this.cluster = cluster;
        try
        {
            adminConnectionString = await cluster.StartAsync().ConfigureAwait(false);
            await CheckConnectionAsync(adminConnectionString,
                $"the throwaway cluster in {cluster.RootDirectory} started but does not accept connections").ConfigureAwait(false);
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        var cluster = Interlocked.Exchange(ref this.cluster, null);
        if (cluster is not null)
        {
            cluster.Stop();
            return;
        }

        await DropRemainingDatabasesAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops and removes the throwaway cluster; on a server named by the environment, drops the databases this
    /// object made and nobody dropped. Synchronous so it can run at process exit.
    /// </summary>
    public void Stop()
    {
        var cluster = Interlocked.Exchange(ref this.cluster, null);
        if (cluster is not null)
        {
            cluster.Stop();
            return;
        }

        Task.Run(DropRemainingDatabasesAsync).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Creates a new, empty database with a unique name that starts with <paramref name="prefix"/> (made into a safe
    /// lower-case identifier) and returns a pooled connection string for it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var name = UniqueDatabaseName(prefix);

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            // template0: CREATE DATABASE from template1 fails while anyone else is connected to template1.
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        this.databases[name] = true;
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Pooling = true,
            MaxPoolSize = MaxPoolSizePerDatabase,
            IncludeErrorDetail = true,
        };
        return builder.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(name) || !IsSafeIdentifier(name))
        {
            throw new ArgumentException("The connection string does not name a database made by CreateDatabaseAsync.", nameof(connectionString));
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        await DropDatabaseByNameAsync(name, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DropRemainingDatabasesAsync()
    {
        foreach (var name in this.databases.Keys)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await DropDatabaseByNameAsync(name, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException)
            {
                Console.Error.WriteLine($"PostgreSQL for tests: could not drop test database {name}: {e.Message}");
            }
        }
    }

    private async Task DropDatabaseByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // FORCE: pooled connections of other owners may still be open; they are ended rather than waited for.
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        this.databases.TryRemove(name, out _);
    }

    /// <summary>A name PostgreSQL keeps as it is: [a-z_][a-z0-9_]*, at most 63 bytes, unique per call.</summary>
    internal static string UniqueDatabaseName(string prefix)
    {
        var safe = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            safe.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (safe.Length == 0 || safe[0] is >= '0' and <= '9')
        {
            safe.Insert(0, "db_");
        }

        if (safe.Length > 40)
        {
            safe.Length = 40;
        }

        return $"{safe}_{Guid.NewGuid():N}"[..Math.Min(safe.Length + 1 + 16, 63)];
    }

    private static bool IsSafeIdentifier(string name) =>
        name.Length <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    private static async Task CheckConnectionAsync(string connectionString, string failure)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or SocketException)
        {
            throw new InvalidOperationException($"PostgreSQL for tests: {failure}: {e.Message}", e);
        }
    }

    /// <summary>A cluster of our own: initdb + pg_ctl in a temp directory, run as the postgres OS user when we are root.</summary>
    private sealed class ThrowawayCluster
    {
        private const string PostgresOsUser = "postgres";
        private static readonly TimeSpan InitTimeout = TimeSpan.FromMinutes(2);
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

        private readonly bool asRoot = Environment.UserName == "root";
        private string? binDirectory;
        private string? root;
        private Process? watchdog;

        public string RootDirectory => this.root ?? "(not created)";

        private string DataDirectory => Path.Combine(this.root!, "data");

        private string PgCtl => Path.Combine(binDirectory!, "pg_ctl");

        private string LogPath => Path.Combine(this.root!, "postgres.log");

        public async Task<string> StartAsync()
        {
            binDirectory = FindNewestBinDirectory() ?? throw new InvalidOperationException(
                "PostgreSQL tests need a PostgreSQL server: no binaries were found under /usr/lib/postgresql/*/bin. " +
                "Run `deploy/local/postgres.sh start .data` (it installs Debian's postgresql package) or " +
                "`apt-get install -y postgresql`, or set " + ConnectionStringVariable + " to the connection string of a server to use.");

            this.root = CreateRootDirectory();
            StartWatchdog();

            // --no-sync and fsync=off: a throwaway cluster needs no durability, and tests start faster without it.
            await RunAsync(InitTimeout, "initdb",
                Path.Combine(binDirectory, "initdb"), "-D", DataDirectory, "-U", "postgres", "-E", "UTF8",
                "--locale=C.UTF-8", "--auth=trust", "--no-sync", "--no-instructions").ConfigureAwait(false);

            await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"""

                # DistrictSferum throwaway test cluster
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '{this.root}'
                max_connections = 300
                shared_buffers = 128MB
                fsync = off
                full_page_writes = off
                max_wal_size = 1GB

                """).ConfigureAwait(false);

            // Another process may take the free port between our probe and the server's bind: try a few ports.
            for (var attempt = 1; ; attempt++)
            {
                var port = FindFreePort();
                var (exitCode, output) = await RunRawAsync(StartTimeout + TimeSpan.FromSeconds(30),
                    PgCtl, "start", "-D", DataDirectory, "-l", LogPath, "-w",
                    "-t", ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                    "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
                if (exitCode == 0)
                {
                    return new NpgsqlConnectionStringBuilder
                    {
                        Host = "127.0.0.1",
                        Port = port,
                        Username = "postgres",
                        Database = "postgres",
                        Pooling = true,
                        MaxPoolSize = 10,
                    }.ConnectionString;
                }

                var log = ReadLogTail();
                if (attempt < 5 && log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"PostgreSQL for tests: pg_ctl start failed (exit {exitCode}) in {this.root}:\n{output}\n{log}");
            }
        }

        public void Stop()
        {
            if (this.root is null)
            {
                return;
            }

            // Stop runs from DisposeAsync and at process exit, where throwing helps no one: report and let the
            // watchdog try again.
            try
            {
                if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                {
                    // immediate: nothing here needs to survive, so skip the shutdown checkpoint.
                    var (exitCode, output) = RunRawSync(StopTimeout, PgCtl, "stop", "-D", DataDirectory, "-m", "immediate", "-w");
                    if (exitCode != 0)
                    {
                        Console.Error.WriteLine($"PostgreSQL for tests: pg_ctl stop in {this.root} failed (exit {exitCode}): {output}");
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"PostgreSQL for tests: could not stop the cluster in {this.root}: {e.Message}");
            }

            try
            {
                Directory.Delete(this.root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"PostgreSQL for tests: could not remove {this.root}: {e.Message}");
            }
            finally
            {
                // Closing the pipe lets the watchdog finish (its own stop and rm find nothing left to do).
                this.watchdog?.StandardInput.Close();
                this.watchdog?.Dispose();
                this.watchdog = null;
                this.root = null;
            }
        }

        private string ReadLogTail()
        {
            try
            {
                var lines = File.ReadAllLines(LogPath);
                return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)));
            }
            catch (IOException)
            {
                return "(no server log)";
            }
        }

        private static string? FindNewestBinDirectory()
        {
            const string root = "/usr/lib/postgresql";
            if (!Directory.Exists(root))
            {
                return null;
            }

            return Directory.GetDirectories(root)
                .Select(dir => (dir, version: ParseMajorVersion(Path.GetFileName(dir))))
                .Where(x => x.version is not null
                            && File.Exists(Path.Combine(x.dir, "bin", "initdb"))
                            && File.Exists(Path.Combine(x.dir, "bin", "pg_ctl")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
        }

        // Directory names are "15", "16" (or "9.6" long ago); Version wants at least major.minor.
        private static Version? ParseMajorVersion(string name) =>
            Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

        // The postgres user must reach the directory: TMPDIR may point into /root (0700), so fall back to /tmp.
        private string CreateRootDirectory()
        {
            var parent = Path.GetTempPath();
            if (asRoot && RunRawSync(TimeSpan.FromSeconds(10), "test", "-x", parent).ExitCode != 0)
            {
                parent = "/tmp";
            }

            var root = Path.Combine(parent, "sferum-pg-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            if (asRoot)
            {
                var (exitCode, output) = RunProcess(TimeSpan.FromSeconds(10), "chown", [PostgresOsUser + ":", root]);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"PostgreSQL for tests: chown {PostgresOsUser} {root} failed: {output}");
                }
            }

            return root;
        }

        /// <summary>
        /// A detached shell that waits for EOF on a pipe only this process holds open, then stops the cluster and
        /// removes its directory. It fires when the test process ends in any way (even SIGKILL by the test runner,
        /// which does not wait for ProcessExit handlers), so no server outlives its test run.
        /// </summary>
        private void StartWatchdog()
        {
            string Quote(string s) => s.Contains('\'', StringComparison.Ordinal)
                ? throw new InvalidOperationException($"unexpected quote in {s}")
                : "'" + s + "'";
            var stop = (asRoot ? $"runuser -u {PostgresOsUser} -- " : "") +
                       $"{Quote(PgCtl)} stop -D {Quote(DataDirectory)} -m immediate -w";
            var inner = $"cat >/dev/null; {stop}; rm -rf -- {Quote(this.root!)}";
            // setsid + '&': a new session outside the test process's tree and process group, so neither Ctrl+C
            // nor a process-tree kill takes the watchdog down with the test process. The pipe goes through fd 3:
            // sh gives a background job /dev/null as stdin before its own redirections, so '<&0' would not do.
            var start = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = "/",
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec 3<&0; setsid /bin/sh -c \"$1\" sferum-pg-watchdog <&3 3<&- >/dev/null 2>&1 &");
            start.ArgumentList.Add("sh");
            start.ArgumentList.Add(inner);
            this.watchdog = Process.Start(start) ?? throw new InvalidOperationException("could not start the watchdog shell");
            if (!this.watchdog.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                throw new InvalidOperationException("the watchdog shell did not detach");
            }
        }

        private static int FindFreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        private async Task RunAsync(TimeSpan timeout, string what, string executable, params string[] arguments)
        {
            var (exitCode, output) = await RunRawAsync(timeout, executable, arguments).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"PostgreSQL for tests: {what} failed (exit {exitCode}):\n{output}");
            }
        }

        private Task<(int ExitCode, string Output)> RunRawAsync(TimeSpan timeout, string executable, params string[] arguments) =>
            Task.Run(() => RunRawSync(timeout, executable, arguments));

        // initdb, pg_ctl and postgres refuse to run as root: run them as the postgres OS user.
        private (int ExitCode, string Output) RunRawSync(TimeSpan timeout, string executable, params string[] arguments) =>
            asRoot
                ? RunProcess(timeout, File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "runuser",
                    ["-u", PostgresOsUser, "--", executable, .. arguments])
                : RunProcess(timeout, executable, arguments);

        private (int ExitCode, string Output) RunProcess(TimeSpan timeout, string executable, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                // The postgres user may not be allowed into the test process's working directory.
                WorkingDirectory = this.root is not null && Directory.Exists(this.root) ? this.root : "/",
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
            process.StandardInput.Close();
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException(
                    $"PostgreSQL for tests: {executable} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
            }

            process.WaitForExit(); // drains the output handlers
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
    }
}

/// <summary>
/// One PostgreSQL server per test process, started on first use and stopped when the process exits, so test classes
/// in different collections run in parallel against the same server (each in its own database).
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server =
        new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared server; the first call starts it. A failed start fails every caller the same way.</summary>
    public static Task<PostgresServer> GetAsync() => Server.Value;

    private static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        // Registered before the start so a half-started cluster is removed too.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await server.InitializeAsync().ConfigureAwait(false);
        return server;
    }
}

/// <summary>
/// A class fixture giving a test class its own fresh database on the <see cref="SharedPostgres"/> server, dropped
/// when the class is done: <c>public sealed class FooTests(PostgresDatabaseFixture db) : IClassFixture&lt;PostgresDatabaseFixture&gt;</c>.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? connectionString;

    /// <summary>The server the database lives on.</summary>
    public PostgresServer Server { get; private set; } = null!;

    /// <summary>A pooled connection string for this test class's database.</summary>
    public string ConnectionString =>
        this.connectionString ?? throw new InvalidOperationException("The database fixture has not been initialised.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Server = await SharedPostgres.GetAsync().ConfigureAwait(false);
        this.connectionString = await Server.CreateDatabaseAsync("sferum_test").ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        // Dropping keeps a long test run (and a shared server named by SFERUM_TEST_POSTGRES) from piling up
        // databases and idle pooled connections.
        if (this.connectionString is not null)
        {
            await Server.DropDatabaseAsync(this.connectionString).ConfigureAwait(false);
        }
    }
}
