using Microsoft.Extensions.Logging.Console;

namespace DistrictSferum.Server;

/// <summary>
/// One console format for the whole process, the migrations that run before the host included: "simple" or "json"
/// (Logging:Console:FormatterName), ISO-8601 UTC timestamps, and the trace and span ids of the current activity.
/// </summary>
public static class ServerLogging
{
    public static ILoggingBuilder Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddConsole();
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // The simple format needs a space after the timestamp; a JSON field does not.
        logging.Services.PostConfigure<JsonConsoleFormatterOptions>(o => o.TimestampFormat = o.TimestampFormat?.TrimEnd());
        return logging;
    }
}
