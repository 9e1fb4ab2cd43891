using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Gateway;

/// <summary>
/// Browser clients (gRPC-Web) of other origins (configuration section "Gateway:Cors"): the web app's origin and any
/// school's own portal. Empty: no cross-origin browser calls.
/// </summary>
public sealed class GatewayCorsOptions
{
    public const string Section = "Gateway:Cors";

    public const string PolicyName = "grpc-web";

    /// <summary>Exact origins, e.g. "https://app.sferum.example.org" (scheme, host and port; no wildcard).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer.</summary>
    [Positive]
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromHours(1);
}
