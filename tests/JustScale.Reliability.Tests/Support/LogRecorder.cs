using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JustScale.Reliability.Tests;

/// <summary>Keeps the warnings and errors an in-process example logged, so a test can show that no request ended in an unhandled exception.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>Gets the entries at Warning or above, in order.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Gets the entries at Error or above (an answered 500 is one: "Unhandled exception in ...").</summary>
    public IReadOnlyList<Entry> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    /// <summary>One log entry: category, level, formatted message and the exception's type.</summary>
    internal sealed record Entry(long Timestamp, string Category, LogLevel Level, string Message, string? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message} {Exception}";
    }

    /// <summary>Describes an exception by the types and messages of its chain (no stack traces).</summary>
    private static string? Describe(Exception? exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return parts.Count == 0 ? null : string.Join(" <- ", parts);
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new Entry(System.Diagnostics.Stopwatch.GetTimestamp(), category, logLevel, formatter(state, exception), Describe(exception)));
            }
        }
    }
}
