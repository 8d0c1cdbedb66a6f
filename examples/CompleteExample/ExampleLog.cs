using Microsoft.Extensions.Logging;

namespace CompleteExample;

/// <summary>Writes the example's own log lines.</summary>
public static partial class ExampleLog
{
    /// <summary>Logs the one line that says the example is ready, with its URL and store.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "JustScale example listening on {Url} using {Store}")]
    public static partial void Ready(ILogger logger, string url, string store);

    /// <summary>Logs, in one line, that the address cannot be bound (in use, or not allowed).</summary>
    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot start: {Reason}. Pick another port with --port N, PORT or ASPNETCORE_URLS")]
    public static partial void CannotListen(ILogger logger, string reason);
}
