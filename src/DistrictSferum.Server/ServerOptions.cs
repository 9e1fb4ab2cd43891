using System.ComponentModel.DataAnnotations;

namespace DistrictSferum.Server;

/// <summary>The process's own settings (configuration section "Server").</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>Address Kestrel listens on; 0.0.0.0 in a cluster, 127.0.0.1 on a laptop.</summary>
    [Required]
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>gRPC (HTTP/2; TLS when a certificate is set).</summary>
    [Range(1, 65535)]
    public int GrpcPort { get; set; } = 5080;

    /// <summary>
    /// gRPC-Web for browsers (HTTP/1.1; also HTTP/2 with TLS): the same services, for clients that cannot speak
    /// HTTP/2 gRPC; cross-origin callers need Gateway:Cors:AllowedOrigins. 0 turns it off.
    /// </summary>
    [Range(0, 65535)]
    public int WebPort { get; set; } = 5082;

    /// <summary>
    /// The built web app (src/DistrictSferum.Web/dist) to serve on <see cref="WebPort"/>, same origin as its gRPC-Web
    /// API (RULES DIS-6). Empty (the default): no app, the port serves gRPC-Web only.
    /// </summary>
    public string? WebAppRoot { get; set; }

    /// <summary>HTTP/1.1 /healthz and /readyz for probes and load balancers.</summary>
    [Range(1, 65535)]
    public int HealthPort { get; set; } = 5081;

    /// <summary>PFX certificate for gRPC over TLS; plain HTTP/2 when empty.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Where local files go (development sign-in codes).</summary>
    public string DataFolder { get; set; } = ".data";

    /// <summary>Apply database migrations at start-up (servers serialize on an advisory lock).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// Issue 9: HTTP/2 PING on a connection idle this long (a quiet Subscribe stream too), so a dead peer or a NAT that
    /// dropped the mapping is found; after <see cref="KeepAlivePingTimeout"/> without an answer the connection closes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>The silo's place in the cluster (configuration section "Orleans").</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "district-sferum";

    [Required]
    public string ServiceId { get; set; } = "district-sferum";

    /// <summary>Silo-to-silo port; stays inside the cluster network.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The address other silos reach this one at (the pod IP in Kubernetes).</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}

/// <summary>The first district operator (configuration section "Bootstrap").</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>Phone number or e-mail address; empty to bootstrap nobody.</summary>
    public string? OperatorContact { get; set; }

    public string OperatorName { get; set; } = "District operator";
}
