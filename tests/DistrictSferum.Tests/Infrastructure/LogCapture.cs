using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>
/// Every log line of every in-process server of the test run (at the level each server logs), with its exception,
/// so a test can scan the whole run for personal data.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    public static readonly LogCapture Instance = new();

    private readonly ConcurrentQueue<string> lines = new();

    public static IReadOnlyCollection<string> Lines => Instance.lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (capture.lines.Count > 2_000_000) return;
            capture.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
    }
}
