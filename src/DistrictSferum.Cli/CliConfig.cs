using System.Text.Json.Serialization;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli;

/// <summary>What sferumctl remembers between runs: the server last signed in to and that login's tokens.</summary>
public sealed record CliConfig
{
    /// <summary>The server's gRPC address, e.g. <c>https://sferum.district.example</c>.</summary>
    public string? Server { get; init; }
    /// <summary>The signed-in account.</summary>
    public string? UserId { get; init; }
    /// <summary>The bearer token sent with every authenticated call.</summary>
    public string? AccessToken { get; init; }
    /// <summary>When <see cref="AccessToken"/> stops working.</summary>
    public DateTimeOffset? AccessExpiresAt { get; init; }
    /// <summary>Exchanged for a new token pair when the access token is about to expire.</summary>
    public string? RefreshToken { get; init; }
    /// <summary>When <see cref="RefreshToken"/> stops working.</summary>
    public DateTimeOffset? RefreshExpiresAt { get; init; }

    /// <summary>True when a login is saved (it may have expired).</summary>
    [JsonIgnore]
    public bool IsSignedIn => AccessToken is not null && RefreshToken is not null;

    /// <summary>This config signed in to <paramref name="server"/> with <paramref name="tokens"/>.</summary>
    public CliConfig WithTokens(string server, TokenPair tokens) => this with
    {
        Server = server,
        UserId = tokens.UserId,
        AccessToken = tokens.AccessToken,
        AccessExpiresAt = tokens.AccessExpiresAt?.ToDateTimeOffset(),
        RefreshToken = tokens.RefreshToken,
        RefreshExpiresAt = tokens.RefreshExpiresAt?.ToDateTimeOffset(),
    };

    /// <summary>This config with the login forgotten (the server is kept).</summary>
    public CliConfig WithoutTokens() => new() { Server = Server };
}
