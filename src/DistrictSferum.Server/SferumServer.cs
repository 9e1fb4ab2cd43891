using System.Net;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Options;
using DistrictSferum.Gateway;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Meetings;
using DistrictSferum.Grains;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Identity;
using DistrictSferum.Grains.Identity.Delivery;
using DistrictSferum.Server.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace DistrictSferum.Server;

/// <summary>
/// One process: an Orleans silo and the gRPC gateway (a hosted client, so a call reaches a grain without a hop).
/// Copies pointed at one database form one cluster.
/// </summary>
public static class SferumServer
{
    public const string ConnectionStringName = "Sferum";
    private const string Invariant = "Npgsql";

    /// <summary>Builds the server; <paramref name="configure"/> lets tests and tools override services or settings.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddEnvironmentVariables("SFERUM_");
        configure?.Invoke(builder);

        // Read while building (Kestrel's listeners, the silo's endpoints), so checked here rather than at start.
        var settings = ValidatedOptions.Checked(builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions(), ServerOptions.Section);
        var cluster = ValidatedOptions.Checked(builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings(), ClusterSettings.Section);
        var connectionString = WithPoolCap(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set."),
            ConnectionBudget.PoolSizeFrom(builder.Configuration.GetValue("Database:ConnectionBudget", 0),
                builder.Configuration.GetValue("Database:ExpectedSilos", 1), builder.Configuration.GetValue("Database:MaxPoolSize", 40)));

        // First of the hosted services: the schema is complete before anything else (the silo's clustering too) starts.
        if (settings.MigrateOnStart) builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DatabaseMigrations>(sp, connectionString));

        ServerLogging.Configure(builder.Logging, builder.Configuration);
        // A development server resolves services exactly as a production one does.
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = false;
            o.ValidateOnBuild = false;
        });
        ConfigureKestrel(builder, settings);
        builder.AddSferumTelemetry(settings.HealthPort);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddValidatedOptions<ServerOptions>(builder.Configuration, ServerOptions.Section);
        builder.Services.AddValidatedOptions<ClusterSettings>(builder.Configuration, ClusterSettings.Section);
        builder.Services.AddValidatedOptions<BootstrapOptions>(builder.Configuration, BootstrapOptions.Section);
        builder.Services.AddSferumGrains(builder.Configuration, connectionString);
        builder.Services.AddHostedService<StatisticsSettingsWriter>();
        builder.Services.AddHostedService<OperatorBootstrap>();
        AddCodeDelivery(builder, settings);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            // No Orleans gateway: the only client is the gateway hosted in this process.
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, gatewayPort: 0, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(StorageNames.Grains, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            // The same rows as the grains' storage; clearing an expired contact deletes its row instead of keeping it empty.
            silo.AddAdoNetGrainStorage(StorageNames.Contacts, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.DeleteStateOnClear = true;
            });
            silo.AddAdoNetGrainStorage(StorageNames.PubSub, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddActivityPropagation();
            // A school the district suspended is read-only (issue 14).
            silo.AddIncomingGrainCallFilter<DistrictSferum.Grains.Districts.SuspensionGuard>();
            silo.AddMemoryStreams(StreamNames.Provider, streams => streams.ConfigurePullingAgent(agent =>
                agent.Configure(o => o.GetQueueMsgsTimerPeriod = builder.Configuration.GetValue("Orleans:Streams:PollPeriod", TimeSpan.FromMilliseconds(5)))));
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
            silo.Configure<SiloMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));
        });
        // After the silo: hosted services stop in reverse, so the gateway stops (and drains) while the silo still serves.
        builder.Services.AddHostedService<DistrictSferum.Gateway.Shutdown.StopGatewayFirst>();
        // Grain state is stored in Orleans' own version-tolerant binary form ([Id]-numbered fields).
        builder.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        if (!builder.Configuration.GetValue(SessionInterceptor.CheckSetting, true) && !builder.Environment.IsDevelopment())
            throw new InvalidOperationException(
                $"{SessionInterceptor.CheckSetting}=false lets revoked sessions keep calling; it exists for the benchmark's baseline and is refused outside the Development environment.");
        builder.Services.AddSferumGateway(builder.Configuration);
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterMembershipCheck>("cluster", tags: ["ready"])
            .AddCheck<PostgresCheck>("postgres", tags: ["ready"]);

        var app = builder.Build();
        app.UseSferumWebApp(settings);
        app.UseSferumGateway();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseGatewayRateLimits();
        app.MapSferumGateway();
        var healthHost = $"*:{settings.HealthPort}";
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).RequireHost(healthHost);
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).RequireHost(healthHost);
        app.MapCalendarFeed().RequireHost(healthHost);
        app.MapPrometheusScrapingEndpoint(Telemetry.MetricsPath).RequireHost(healthHost);
        return app;
    }

    /// <summary>
    /// A silo has two pools on this string (its own data source and the Orleans providers'); unless the string sets a
    /// size, each is capped so several silos fit in one server's max_connections (default 100 would not).
    /// </summary>
    private static string WithPoolCap(string connectionString, int maxPoolSize) =>
        connectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase)
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;

    private static void ConfigureKestrel(WebApplicationBuilder builder, ServerOptions settings)
    {
        var address = IPAddress.Parse(settings.ListenAddress);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.KeepAlivePingDelay = settings.KeepAlivePingDelay;
            kestrel.Limits.Http2.KeepAlivePingTimeout = settings.KeepAlivePingTimeout;
            kestrel.Listen(address, settings.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (settings.CertificatePath is { Length: > 0 } certificate) listen.UseHttps(certificate, settings.CertificatePassword);
            });
            if (settings.WebPort > 0)
            {
                kestrel.Listen(address, settings.WebPort, listen =>
                {
                    // Browsers speak HTTP/2 only over TLS; in plain text gRPC-Web runs on HTTP/1.1.
                    if (settings.CertificatePath is { Length: > 0 } certificate)
                    {
                        listen.Protocols = HttpProtocols.Http1AndHttp2;
                        listen.UseHttps(certificate, settings.CertificatePassword);
                    }
                    else
                    {
                        listen.Protocols = HttpProtocols.Http1;
                    }
                });
            }

            kestrel.Listen(address, settings.HealthPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
    }

    /// <summary>How sign-in codes leave this server: chosen by the environment, so not part of the grains' root.</summary>
    private static void AddCodeDelivery(WebApplicationBuilder builder, ServerOptions settings)
    {
        builder.Services.PostConfigure<CodeDeliveryOptions>(o => o.CodesFile ??= Path.Combine(settings.DataFolder, "sign-in-codes.log"));
        var mode = builder.Configuration[$"{CodeDeliveryOptions.Section}:Mode"];
        if (string.Equals(mode, "Production", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<SmtpCodeSender>();
            builder.Services.AddHttpClient<HttpSmsCodeSender>();
            builder.Services.TryAddSingleton<ICodeSender, ProductionCodeSender>();
        }
        else
        {
            // Development delivery writes codes to a file: never on a server that is not explicitly a development one,
            // and a missing setting never means it.
            if (!string.Equals(mode, "Development", StringComparison.OrdinalIgnoreCase) || !builder.Environment.IsDevelopment())
                throw new InvalidOperationException(mode is null
                    ? $"{CodeDeliveryOptions.Section}:Mode is not set: set it to Production (SMTP and SMS settings), or to Development on a development machine (environment Development)."
                    : string.Equals(mode, "Development", StringComparison.OrdinalIgnoreCase)
                        ? $"{CodeDeliveryOptions.Section}:Mode=Development writes sign-in codes to a file; it is refused because the host environment is '{builder.Environment.EnvironmentName}', not Development (set DOTNET_ENVIRONMENT=Development on a development machine, or use Production delivery)."
                        : $"{CodeDeliveryOptions.Section}:Mode '{mode}' is unknown: use Production or Development.");
            builder.Services.TryAddSingleton<ICodeSender, DevelopmentCodeSender>();
        }
    }
}
