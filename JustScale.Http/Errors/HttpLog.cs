using Microsoft.Extensions.Logging;

namespace JustScale.Http.Errors;

/// <summary>Declares the HTTP layer's log messages; routes are logged by template, never with their query or body.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(1, LogLevel.Error, "Unhandled exception in {Route} (trace {TraceId}); answered 500")]
    public static partial void Unhandled(ILogger logger, string route, string traceId, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "{Route} answered {StatusCode} ({Code}): {ExceptionType}: {Reason}; the same answers in the next {WindowSeconds} s are counted, not logged")]
    public static partial void ServerError(
        ILogger logger, string route, int statusCode, string? code, string exceptionType, string reason, double windowSeconds, Exception? exception);

    [LoggerMessage(9, LogLevel.Warning, "{Suppressed} more answers {Kind} in the last {WindowSeconds} s")]
    public static partial void ServerErrorsSuppressed(ILogger logger, long suppressed, string kind, double windowSeconds);

    [LoggerMessage(3, LogLevel.Debug, "{Route} answered {StatusCode} ({Code})")]
    public static partial void ClientError(ILogger logger, string route, int statusCode, string? code);

    [LoggerMessage(4, LogLevel.Warning, "Exception in {Route} after the response was written")]
    public static partial void AfterResponse(ILogger logger, string route, Exception exception);

    [LoggerMessage(5, LogLevel.Debug, "The client went away during {Route}")]
    public static partial void Aborted(ILogger logger, string route);

    [LoggerMessage(6, LogLevel.Information, "Listening on {Url} ({RouteCount} routes)")]
    public static partial void Listening(ILogger logger, string url, int routeCount);

    [LoggerMessage(7, LogLevel.Information, "Stopping the HTTP server on {Url}")]
    public static partial void Stopping(ILogger logger, string url);

    [LoggerMessage(8, LogLevel.Debug, "Rejected a request to {Route}: {Reason}")]
    public static partial void Rejected(ILogger logger, string route, string reason);
}
