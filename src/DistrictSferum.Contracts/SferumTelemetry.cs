using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DistrictSferum.Contracts;

/// <summary>
/// The server's own meter and activity source (both named <see cref="Name"/>). Instruments are process-wide, as
/// .NET's own are; the OpenTelemetry SDK in the server exports them (Prometheus scrape on the health port, OTLP).
/// Tags never carry personal data or ids: only kinds, reasons and rules.
/// </summary>
public static class SferumTelemetry
{
    public const string Name = "DistrictSferum";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Chat messages acknowledged to their senders (a retried send counts once).</summary>
    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(
        "sferum.chat.messages.sent", "{message}", "Chat messages committed and acknowledged");

    /// <summary>Chat events written to clients' Subscribe streams (one per recipient).</summary>
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "sferum.chat.deliveries", "{event}", "Chat events delivered to open client streams");

    /// <summary>Events per group commit of the chat log.</summary>
    public static readonly Histogram<int> CommitBatchSize = Meter.CreateHistogram<int>(
        "sferum.chat.log.commit.batch_size", "{event}", "Chat events per group commit",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    /// <summary>One group commit of the chat log (the acknowledgement waits for it).</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "sferum.chat.log.commit.duration", "s", "Duration of one chat log group commit",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>From an event's time (taken just before its commit) to its delivery on a live stream.</summary>
    public static readonly Histogram<double> DeliveryLag = Meter.CreateHistogram<double>(
        "sferum.chat.delivery.lag", "s", "From a chat event's commit to its live delivery on a client stream",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    /// <summary>Open server streams, tagged with the stream's kind (chat, moderation).</summary>
    public static readonly UpDownCounter<long> OpenStreams = Meter.CreateUpDownCounter<long>(
        "sferum.streams.open", "{stream}", "Open server streams");

    public static readonly Counter<long> SignInCodesRequested = Meter.CreateCounter<long>(
        "sferum.signin.codes.requested", "{code}", "One-time sign-in codes issued");

    /// <summary>Sign-in code deliveries, tagged with the outcome (sent, failed, timeout, queue_full).</summary>
    public static readonly Counter<long> SignInCodeDeliveries = Meter.CreateCounter<long>(
        "sferum.signin.codes.deliveries", "{delivery}", "Sign-in code deliveries by outcome");

    /// <summary>Failed sign-ins, tagged with the reason (wrong code, attempts exhausted).</summary>
    public static readonly Counter<long> SignInCodesFailed = Meter.CreateCounter<long>(
        "sferum.signin.codes.failed", "{attempt}", "Sign-in attempts with a wrong, used or burned code");

    /// <summary>Refused commands, tagged with the stable reason and the rule.</summary>
    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "sferum.refusals", "{refusal}", "Commands refused, by reason and rule");

    /// <summary>Every instrument's name, as the README and the dashboard list them.</summary>
    public static IReadOnlyList<string> InstrumentNames { get; } =
    [
        "sferum.chat.messages.sent", "sferum.chat.deliveries", "sferum.chat.log.commit.batch_size", "sferum.chat.log.commit.duration",
        "sferum.chat.delivery.lag", "sferum.streams.open", "sferum.signin.codes.requested", "sferum.signin.codes.failed", "sferum.refusals",
    ];
}
