using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Files;

public enum ScanOutcome
{
    Clean,
    Infected,
    /// <summary>The scanner could not be reached or gave no verdict.</summary>
    Unavailable,
    /// <summary>Scanning is switched off (Files:Scanner = none).</summary>
    Off,
}

public sealed record ScanVerdict(ScanOutcome Outcome, string? Finding = null);

/// <summary>An antivirus hook: bytes are streamed to it as they arrive, and it answers once they are all in.</summary>
public interface IVirusScanner
{
    Task<IScanSession> StartAsync(CancellationToken cancellationToken);
}

public interface IScanSession : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    Task<ScanVerdict> FinishAsync(CancellationToken cancellationToken);
}

/// <summary>No scanning (Files:Scanner = none, for development): files are stored marked not scanned.</summary>
public sealed class NoVirusScanner : IVirusScanner
{
    public Task<IScanSession> StartAsync(CancellationToken cancellationToken) => Task.FromResult<IScanSession>(new Session());

    private sealed class Session : IScanSession
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public Task<ScanVerdict> FinishAsync(CancellationToken cancellationToken) => Task.FromResult(new ScanVerdict(ScanOutcome.Off));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// ClamAV's clamd over TCP or a Unix socket with the INSTREAM command: "zINSTREAM\0", then each chunk as a 4-byte
/// big-endian length and its bytes, then a zero length; clamd answers "stream: OK" or "stream: NAME FOUND".
/// Any failure to talk to clamd is a verdict of its own (unavailable), never "clean".
/// </summary>
public sealed class ClamAvScanner(IOptions<FilesOptions> options, ILogger<ClamAvScanner> logger) : IVirusScanner
{
    /// <summary>clamd's own limit for one INSTREAM chunk is far above this; smaller writes keep memory flat.</summary>
    private const int MaxWrite = 64 * 1024;

    public async Task<IScanSession> StartAsync(CancellationToken cancellationToken)
    {
        var address = options.Value.ClamdAddress;
        try
        {
            var socket = address.StartsWith("unix:", StringComparison.Ordinal)
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.StartsWith("unix:", StringComparison.Ordinal))
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(address["unix:".Length..]), cancellationToken);
                else
                {
                    var uri = new Uri(address);
                    await socket.ConnectAsync(uri.Host, uri.Port, cancellationToken);
                }

                var stream = new NetworkStream(socket, ownsSocket: true);
                await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), cancellationToken);
                return new Session(stream, logger);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or UriFormatException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "clamd at {Address} cannot be reached", address);
            return new Broken();
        }
    }

    private sealed class Session(NetworkStream stream, ILogger logger) : IScanSession
    {
        private readonly byte[] length = new byte[4];
        private bool failed;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            if (failed) return;
            try
            {
                for (var at = 0; at < chunk.Length; at += MaxWrite)
                {
                    var part = chunk.Slice(at, Math.Min(MaxWrite, chunk.Length - at));
                    BinaryPrimitives.WriteUInt32BigEndian(length, (uint)part.Length);
                    await stream.WriteAsync(length, cancellationToken);
                    await stream.WriteAsync(part, cancellationToken);
                }
            }
            catch (IOException e)
            {
                // clamd closes the connection when a stream passes its StreamMaxLength; the answer tells why.
                logger.LogWarning(e, "Streaming to clamd failed");
                failed = true;
            }
        }

        public async Task<ScanVerdict> FinishAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (!failed) await stream.WriteAsync(new byte[4], cancellationToken);
                var reply = new MemoryStream();
                var buffer = new byte[256];
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0 && reply.Length < 4096)
                {
                    reply.Write(buffer, 0, read);
                    if (buffer.AsSpan(0, read).Contains((byte)0)) break;
                }

                var text = Encoding.ASCII.GetString(reply.ToArray()).TrimEnd('\0', '\n');
                if (text.EndsWith(": OK", StringComparison.Ordinal)) return new ScanVerdict(ScanOutcome.Clean);
                if (text.EndsWith(" FOUND", StringComparison.Ordinal))
                    return new ScanVerdict(ScanOutcome.Infected, text[(text.IndexOf(": ", StringComparison.Ordinal) + 2)..^" FOUND".Length]);
                logger.LogWarning("clamd gave no verdict: {Reply}", text);
                return new ScanVerdict(ScanOutcome.Unavailable, text);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Reading clamd's verdict failed");
                return new ScanVerdict(ScanOutcome.Unavailable, "no answer");
            }
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }

    private sealed class Broken : IScanSession
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public Task<ScanVerdict> FinishAsync(CancellationToken cancellationToken) => Task.FromResult(new ScanVerdict(ScanOutcome.Unavailable, "unreachable"));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
