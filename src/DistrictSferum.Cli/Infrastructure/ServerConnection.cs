using DistrictSferum.Protos.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// One command's channel to the server: resolves the address, and supplies call options, with
/// <c>authorization: Bearer</c> for authenticated calls after refreshing a token that is about to expire.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private readonly CliEnvironment environment;
    private readonly GrpcChannel channel;
    private readonly CancellationToken cancellationToken;

    public ServerConnection(CliEnvironment environment, string? serverOption, CancellationToken cancellationToken)
    {
        this.environment = environment;
        this.cancellationToken = cancellationToken;
        (Context, Server) = Resolve(environment, serverOption);
        Store = new CliConfigStore(environment.ResolveConfigPath(), Context);
        this.channel = GrpcChannel.ForAddress(Server, new GrpcChannelOptions { HttpHandler = environment.HttpHandler });
        Invoker = this.channel.Intercept(new UnreachableServerInterceptor(Server));
    }

    /// <summary>The resolved server address, without a trailing slash.</summary>
    public string Server { get; }

    /// <summary>Build clients on this: <c>new SchoolService.SchoolServiceClient(connection.Invoker)</c>.</summary>
    public CallInvoker Invoker { get; }

    /// <summary>The context this command talks to: its login and chosen school are in <see cref="Store"/>.</summary>
    public string Context { get; }

    /// <summary>The config of <see cref="Context"/>.</summary>
    public CliConfigStore Store { get; }

    /// <summary>
    /// The context and server a command talks to: <c>--server</c>, else <c>$SFERUM_SERVER</c>, else the current context; each may
    /// name a context or give an address. An address no context has yet gets a context named after its host and port (saved at login).
    /// </summary>
    public static (string Context, string Server) Resolve(CliEnvironment environment, string? serverOption)
    {
        var file = new CliConfigStore(environment.ResolveConfigPath()).LoadFile();
        var wanted = serverOption ?? (environment.GetEnvironmentVariable("SFERUM_SERVER") is { Length: > 0 } variable ? variable : null);
        if (wanted is null)
        {
            var current = file.CurrentContext ?? CliConfigStore.DefaultContext;
            return (current, Normalize(file.Contexts.GetValueOrDefault(current)?.Server ?? DefaultServer));
        }

        if (file.Contexts.TryGetValue(wanted, out var named))
            return (wanted, Normalize(named.Server ?? throw new CliException($"the context '{wanted}' has no server", ExitCodes.Usage,
                $"run `sferumctl context add {wanted} --server URL`")));
        if (!LooksLikeAddress(wanted))
            throw CliException.Usage($"'{wanted}' is neither a server address (http://host:port, https://host) nor a context" +
                (file.Contexts.Count > 0 ? $" ({string.Join(", ", file.Contexts.Keys)})" : ""));
        var server = Normalize(wanted);
        var existing = file.Contexts.FirstOrDefault(c => string.Equals(c.Value.Server, server, StringComparison.OrdinalIgnoreCase)).Key;
        return (existing ?? new Uri(server).Authority, server);
    }

    private static bool LooksLikeAddress(string value) => value.Contains("://", StringComparison.Ordinal);

    /// <summary>Options for the calls that need no token (sign-in, health).</summary>
    public CallOptions Anonymous => new(cancellationToken: this.cancellationToken);

    /// <summary>Options carrying the saved access token, refreshed first when it expires within a minute.</summary>
    public async Task<CallOptions> AuthorizedAsync()
    {
        var config = Store.Load();
        if (!config.IsSignedIn)
        {
            // Tokens go only to the server that issued them: a login to another server (context) is never sent here.
            var elsewhere = Store.LoadFile().Contexts.Values.Where(c => c.IsSignedIn).Select(c => c.Server).ToList();
            throw new CliException($"not signed in to {Server}" + (elsewhere.Count > 0 ? $" (the saved login is for {string.Join(", ", elsewhere)})" : ""),
                ExitCodes.Unauthenticated, CliException.LoginHint);
        }

        // Tokens go only to the server that issued them: --server elsewhere must not leak them.
        if (!string.Equals(config.Server, Server, StringComparison.OrdinalIgnoreCase))
            throw new CliException($"not signed in to {Server} (the saved login is for {config.Server})", ExitCodes.Unauthenticated,
                CliException.LoginHint);

        var now = this.environment.Time.GetUtcNow();
        if (config.AccessExpiresAt is not { } accessExpiry || accessExpiry - RefreshMargin <= now)
        {
            if (config.RefreshExpiresAt is { } refreshExpiry && refreshExpiry <= now)
                throw new CliException($"the saved login to {Server} has expired", ExitCodes.Unauthenticated, CliException.LoginHint);
            var auth = new AuthService.AuthServiceClient(Invoker);
            var tokens = (await auth.RefreshAsync(new RefreshRequest { RefreshToken = config.RefreshToken }, Anonymous)).Tokens;
            config = config.WithTokens(Server, tokens);
            Store.Save(config);
        }

        return new CallOptions(new Metadata { { "authorization", $"Bearer {config.AccessToken}" } }, cancellationToken: this.cancellationToken);
    }

    public void Dispose() => this.channel.Dispose();

    internal static string Normalize(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw CliException.Usage($"'{server}' is not a server address; expected http://host:port or https://host");
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }
}
