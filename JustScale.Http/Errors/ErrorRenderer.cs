using System.Diagnostics;
using System.Globalization;
using JustScale.Core;
using JustScale.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JustScale.Http.Errors;

/// <summary>Writes every error response of the HTTP layer, in the JustScale wire format <c>{"error": "...", "code": "..."}</c>.</summary>
/// <remarks>
/// The one place errors become responses: 404, 400 invalid JSON or unreadable body, 413, 415, 403 from a guard, the status of a
/// <see cref="JustScaleException"/>, 400 <c>{"error", "code", "fields": {...}}</c> for a body or query that does not fit, and 500 for the rest,
/// whose details go to the log only. Nothing is written when the response was already written.
/// </remarks>
internal sealed class ErrorRenderer(ILogger logger, TimeProvider time)
{
    private readonly LogBursts _bursts = new(time, (kind, suppressed) => HttpLog.ServerErrorsSuppressed(logger, suppressed, kind, LogBursts.DefaultWindow.TotalSeconds));

    private static ReadOnlySpan<byte> NotFoundJson => """{"error":"Not Found"}"""u8;

    private static ReadOnlySpan<byte> InvalidJsonJson => """{"error":"Invalid JSON body"}"""u8;

    private static ReadOnlySpan<byte> PayloadTooLargeJson => """{"error":"Payload Too Large"}"""u8;

    private static ReadOnlySpan<byte> BodyNotAllowedJson => """{"error":"This route takes no request body","code":"body_not_allowed"}"""u8;

    private static ReadOnlySpan<byte> BodyBudgetJson => """{"error":"Service Unavailable","code":"body_budget_exhausted"}"""u8;

    private static ReadOnlySpan<byte> UnsupportedMediaTypeJson => """{"error":"Unsupported Media Type","code":"unsupported_media_type"}"""u8;

    private static ReadOnlySpan<byte> ForbiddenJson => """{"error":"Forbidden"}"""u8;

    private static ReadOnlySpan<byte> BadRequestJson => """{"error":"Bad Request"}"""u8;

    private static ReadOnlySpan<byte> InternalErrorJson => """{"error":"Internal Server Error"}"""u8;

    /// <summary>Answers 404 <c>{"error":"Not Found"}</c> (no route, or a route with another method).</summary>
    public static Task WriteNotFound(HttpContext http)
    {
        new Response(http).WriteJson(StatusCodes.Status404NotFound, NotFoundJson);
        return Task.CompletedTask;
    }

    /// <summary>Answers 404 <c>{"error":"Not Found"}</c> for a route's <c>.Load(...)</c> that found nothing.</summary>
    public static void WriteNotFound(Response response) =>
        response.WriteJson(StatusCodes.Status404NotFound, NotFoundJson);

    /// <summary>Answers 400 <c>{"error":"Invalid JSON body"}</c>.</summary>
    public void WriteInvalidJson(Response response, string route)
    {
        HttpLog.Rejected(logger, route, "invalid JSON body");
        response.WriteJson(StatusCodes.Status400BadRequest, InvalidJsonJson);
    }

    /// <summary>Answers 413 <c>{"error":"Payload Too Large"}</c>, closing the connection when the rest of the body was not read.</summary>
    public void WritePayloadTooLarge(Response response, string route, bool closeConnection)
    {
        HttpLog.Rejected(logger, route, "body over the limit");
        if (closeConnection)
        {
            response.Header("Connection", "close");
        }

        response.WriteJson(StatusCodes.Status413PayloadTooLarge, PayloadTooLargeJson);
    }

    /// <summary>Answers 413 <c>{"error":"This route takes no request body","code":"body_not_allowed"}</c> without reading the body, closing the connection.</summary>
    public void WriteBodyNotAllowed(Response response, string route)
    {
        HttpLog.Rejected(logger, route, "body on a route that takes none");
        response.Header("Connection", "close");
        response.WriteJson(StatusCodes.Status413PayloadTooLarge, BodyNotAllowedJson);
    }

    /// <summary>Answers 503 <c>{"error":"Service Unavailable","code":"body_budget_exhausted"}</c> with Retry-After: 1, closing the connection.</summary>
    /// <remarks>Request bodies in flight hold as many bytes as the process allows (<see cref="Hosting.RequestBodyBudget"/>).</remarks>
    public void WriteBodyBudgetExhausted(Response response, string route)
    {
        HttpLog.Rejected(logger, route, "request body budget exhausted");
        response.Header("Connection", "close").Header("Retry-After", "1");
        response.WriteJson(StatusCodes.Status503ServiceUnavailable, BodyBudgetJson);
    }

    /// <summary>Answers 415 <c>{"error":"Unsupported Media Type","code":"unsupported_media_type"}</c> for a body that is not declared as JSON.</summary>
    public void WriteUnsupportedMediaType(Response response, string route)
    {
        HttpLog.Rejected(logger, route, "body not declared as JSON");
        response.WriteJson(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaTypeJson);
    }

    /// <summary>Answers an exception thrown while reading the body: malformed framing or a broken connection is the client's, 400.</summary>
    /// <remarks>
    /// Kestrel reports a bad chunked body as <see cref="BadHttpRequestException"/> or, for a chunk size that overflows, as
    /// an <see cref="IOException"/>; either is answered 400 <c>{"error":"Bad Request"}</c> with the connection closed and
    /// logged at Debug without a stack trace, since any client can cause it. Anything else goes to <see cref="Write"/>.
    /// </remarks>
    public void WriteBodyReadFailed(Response response, HttpContext http, Exception exception, string route)
    {
        if (exception is BadHttpRequestException or not IOException)
        {
            Write(response, http, exception, route); // BadHttpRequestException (an IOException too) keeps its own status
            return;
        }

        if (http.RequestAborted.IsCancellationRequested || response.HasStarted)
        {
            HttpLog.Aborted(logger, route);
            return;
        }

        HttpLog.Rejected(logger, route, "unreadable body: " + exception.Message);
        response.Header("Connection", "close");
        response.WriteJson(StatusCodes.Status400BadRequest, BadRequestJson);
    }

    /// <summary>Answers 403 <c>{"error":"Forbidden"}</c> for a guard that returned false.</summary>
    public static void WriteForbidden(Response response) =>
        response.WriteJson(StatusCodes.Status403Forbidden, ForbiddenJson);

    /// <summary>Answers an exception: its status and message when it carries one (400-599), otherwise 500 and a log entry.</summary>
    public void Write(Response response, HttpContext http, Exception exception, string route)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            HttpLog.Aborted(logger, route);
            return;
        }

        if (response.HasStarted)
        {
            HttpLog.AfterResponse(logger, route, exception);
            return;
        }

        switch (exception)
        {
            case RequestValidationException invalid:
                HttpLog.ClientError(logger, route, StatusCodes.Status400BadRequest, invalid.Code);
                WriteError(response, StatusCodes.Status400BadRequest, invalid.Message, invalid.Code, invalid.Errors);
                break;
            case JustScaleException { StatusCode: >= 400 and < 600 } known:
                WriteKnown(response, known, route);
                break;
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                WritePayloadTooLarge(response, route, closeConnection: true);
                break;
            case BadHttpRequestException bad:
                HttpLog.Rejected(logger, route, bad.Message);
                response.Header("Connection", "close");
                response.WriteJson(bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest, BadRequestJson);
                break;
            default:
                HttpLog.Unhandled(logger, route, TraceId(http), exception);
                response.WriteJson(StatusCodes.Status500InternalServerError, InternalErrorJson);
                break;
        }
    }

    private void WriteKnown(Response response, JustScaleException exception, string route)
    {
        var status = exception.StatusCode ?? StatusCodes.Status500InternalServerError;
        if (status >= 500)
        {
            // An outage or overload answers every request alike: one warning per burst, without the stack trace.
            if (logger.IsEnabled(LogLevel.Warning) && _bursts.ShouldLog($"{status} {exception.Code}"))
            {
                // The first of a burst carries the cause when there is one (a database error names the failing server); an
                // overload has none, and its stack trace would say nothing. The rest of the window is counted, and told when it closes.
                HttpLog.ServerError(logger, route, status, exception.Code, exception.GetType().Name, exception.Message, LogBursts.DefaultWindow.TotalSeconds,
                    exception.InnerException is null ? null : exception);
            }
        }
        else
        {
            HttpLog.ClientError(logger, route, status, exception.Code);
        }

        if (exception.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(0, (long)Math.Ceiling(retryAfter.TotalSeconds));
            response.Header("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        WriteError(response, status, exception.Message, exception.Code);
    }

    private static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier;

    // {"error": "...", "code": "...", "fields": {"email": ["..."]}}: the wire format, with the fields beside it when there are any.
    private static void WriteError(Response response, int status, string message, string? code, IReadOnlyDictionary<string, string[]>? fields = null)
    {
        var buffer = JsonBuffer.Rent();
        try
        {
            var writer = buffer.Writer;
            writer.WriteStartObject();
            writer.WriteString("error", message);
            if (code is not null)
            {
                writer.WriteString("code", code);
            }

            if (fields is not null)
            {
                writer.WriteStartObject("fields");
                foreach (var (field, messages) in fields)
                {
                    writer.WriteStartArray(field);
                    foreach (var text in messages)
                    {
                        writer.WriteStringValue(text);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            response.WriteJson(status, buffer.WrittenSpan);
        }
        finally
        {
            JsonBuffer.Return(buffer);
        }
    }
}
