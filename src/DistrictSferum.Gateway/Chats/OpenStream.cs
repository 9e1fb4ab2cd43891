using DistrictSferum.Contracts;

namespace DistrictSferum.Gateway.Chats;

/// <summary>Counts a server stream as open for as long as the returned scope lives.</summary>
internal sealed class OpenStream : IDisposable
{
    private readonly KeyValuePair<string, object?> kind;

    private OpenStream(string kind)
    {
        this.kind = new("kind", kind);
        SferumTelemetry.OpenStreams.Add(1, this.kind);
    }

    public static OpenStream Count(string kind) => new(kind);

    public void Dispose() => SferumTelemetry.OpenStreams.Add(-1, kind);
}
