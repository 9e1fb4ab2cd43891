using System.Text.Json.Serialization;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli;

/// <summary>
/// What sferumctl remembers about one context (a named server): its address, the login's tokens and the school chosen with
/// <c>sferumctl use</c>. The config file holds several (<see cref="CliConfigFile"/>).
/// </summary>
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

    /// <summary>The school commands take when <c>SCHOOL_ID</c> is left out (<c>sferumctl use SCHOOL</c>).</summary>
    public string? School { get; init; }

    /// <summary>That school's name when it was chosen, for <c>context list</c> and the hint.</summary>
    public string? SchoolName { get; init; }

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

    /// <summary>This config with the login forgotten (the server and the chosen school are kept).</summary>
    public CliConfig WithoutTokens() => new() { Server = Server, School = School, SchoolName = SchoolName };
}

/// <summary>The config file: named contexts (kubectl's word) and which one is current.</summary>
public sealed record CliConfigFile
{
    /// <summary>The context commands use unless <c>--server</c> or <c>$SFERUM_SERVER</c> names another.</summary>
    public string? CurrentContext { get; init; }

    /// <summary>Contexts by name.</summary>
    public Dictionary<string, CliConfig> Contexts { get; init; } = new(StringComparer.Ordinal);
}
