using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using DistrictSferum.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace DistrictSferum.Benchmarks;

/// <summary>
/// A few GrpcChannels; people are spread over them. Each channel opens another HTTP/2 connection when its
/// connections' stream limit (Kestrel: 100) is reached, so thousands of open Subscribe streams fit.
/// </summary>
public sealed class ClientPool : IDisposable
{
    private readonly GrpcChannel[] channels;
    private readonly ChatService.ChatServiceClient[] chats;
    private readonly AuthService.AuthServiceClient[] auth;
    private readonly CallInvoker[] invokers;

    public ClientPool(string address, int count)
    {
        channels = Enumerable.Range(0, Math.Max(1, count)).Select(_ => Channel(address)).ToArray();
        invokers = channels.Select(c => c.CreateCallInvoker()).ToArray();
        chats = invokers.Select(i => new ChatService.ChatServiceClient(i)).ToArray();
        auth = invokers.Select(i => new AuthService.AuthServiceClient(i)).ToArray();
    }

    public int Count => channels.Length;

    public static GrpcChannel Channel(string address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        },
        MaxReceiveMessageSize = 16 * 1024 * 1024,
    });

    public ChatService.ChatServiceClient Chats(Person p) => chats[p.Slot % chats.Length];

    public AuthService.AuthServiceClient Auth(int slot) => auth[slot % auth.Length];

    public CallInvoker Invoker(Person p) => invokers[p.Slot % invokers.Length];

    public DistrictService.DistrictServiceClient District(Person p) => new(Invoker(p));

    public ClassService.ClassServiceClient Classes(Person p) => new(Invoker(p));

    public InviteService.InviteServiceClient Invites(Person p) => new(Invoker(p));

    public MemberService.MemberServiceClient Members(Person p) => new(Invoker(p));

    public UserService.UserServiceClient Users(Person p) => new(Invoker(p));

    public void Dispose()
    {
        foreach (var c in channels) c.Dispose();
    }
}

/// <summary>A signed-in person of the district.</summary>
public sealed class Person(string contact, string role, int slot)
{
    public string Contact { get; } = contact;

    public string Role { get; } = role;

    public int Slot { get; } = slot;

    public string UserId { get; set; } = "";

    public Metadata Headers { get; private set; } = [];

    /// <summary>Chats this person is a member of (for the resumable stream).</summary>
    public List<string> ChatIds { get; } = [];

    public bool Online { get; set; }

    public void SignedIn(TokenPair tokens)
    {
        UserId = tokens.UserId;
        Headers = new Metadata { { "authorization", "Bearer " + tokens.AccessToken } };
    }

    public CallOptions Call(CancellationToken cancellationToken = default, TimeSpan? timeout = null) =>
        new(Headers, timeout is { } t ? DateTime.UtcNow + t : null, cancellationToken);
}

/// <summary>
/// The development codes file the server appends to (<c>time\tcontact\tcode</c> per line), read incrementally so
/// thousands of sign-ins do not re-read it from the start.
/// </summary>
public sealed class CodeBook(string path)
{
    private readonly ConcurrentDictionary<string, string> codes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private long offset;
    private string partial = "";

    public async Task<string> CodeForAsync(string contact, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            if (codes.TryRemove(contact, out var code)) return code;
            await ReadNewAsync();
            if (codes.TryRemove(contact, out code)) return code;
            if (waited.Elapsed > timeout) break;
            await Task.Delay(5);
        }

        throw new TimeoutException($"No sign-in code for {contact} appeared in {path}");
    }

    private async Task ReadNewAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (!File.Exists(path)) return;
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= offset) return;
            file.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[file.Length - offset];
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
            offset += read;
            var text = partial + Encoding.UTF8.GetString(buffer, 0, read);
            var lastNewline = text.LastIndexOf('\n');
            partial = lastNewline < 0 ? text : text[(lastNewline + 1)..];
            if (lastNewline < 0) return;
            foreach (var line in text[..lastNewline].Split('\n'))
            {
                var fields = line.Split('\t');
                if (fields.Length >= 3) codes[fields[1]] = fields[2].Trim();
            }
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>Formatting helpers for the report.</summary>
public static class Fmt
{
    public static string N(double v, string format = "#,0") => v.ToString(format, CultureInfo.InvariantCulture);

    public static string Ms(double micros) => (micros / 1000.0).ToString(micros < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string X(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string Mib(double bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string Kib(double bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

    public static string S(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
