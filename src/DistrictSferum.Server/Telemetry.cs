using DistrictSferum.Contracts;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DistrictSferum.Server;

/// <summary>
/// OpenTelemetry: metrics (this server's own, ASP.NET Core/gRPC, the .NET runtime, Npgsql, Orleans) scraped by
/// Prometheus at /metrics on the health port, and traces that follow a call from gRPC through its grains to
/// PostgreSQL. OTLP export is on when the standard OTEL_EXPORTER_OTLP_ENDPOINT (or a signal's own) is set.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>Orleans' meter and its activity sources for application grain calls and grain storage.</summary>
    private static readonly string[] OrleansMeters = ["Microsoft.Orleans"];
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];

    public static WebApplicationBuilder AddSferumTelemetry(this WebApplicationBuilder builder, int healthPort)
    {
        var configuration = builder.Configuration;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] ?? "district-sferum",
                serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(SferumTelemetry.Name)
                .AddMeter(OrleansMeters)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter());
        // A span for every gRPC call, grain call and SQL command costs CPU even when nothing exports it (measured: a tenth
        // of the durable send rate, and twice the p99 of the 100-chat workload), so traces are recorded only when
        // something takes them: an OTLP traces endpoint, or Telemetry:Traces=true for an exporter added in process.
        if (configuration.GetValue<bool?>("Telemetry:Traces") ?? TracesExported(configuration))
            telemetry.WithTracing(tracing => tracing
                .AddSource(SferumTelemetry.Name)
                .AddSource(OrleansSources)
                // Probes and scrapes on the health port are not worth a trace each.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => http.Connection.LocalPort != healthPort)
                .AddNpgsql());
        if (OtlpConfigured(configuration)) telemetry.UseOtlpExporter();
        return builder;
    }

    private static bool TracesExported(IConfiguration configuration) =>
        new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    private static bool OtlpConfigured(IConfiguration configuration) =>
        new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }
            .Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
}
