using Microsoft.Extensions.Logging;

namespace CompleteExample;

/// <summary>Writes the example's own log lines.</summary>
public static partial class ExampleLog
{
    /// <summary>Logs the one line that says the example is ready, with its URL and store.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "JustScale example listening on {Url} using {Store}")]
    public static partial void Ready(ILogger logger, Uri url, string store);

    /// <summary>Logs that a stop signal arrived.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: finishing in-flight requests")]
    public static partial void Stopping(ILogger logger);
}
