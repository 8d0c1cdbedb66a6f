namespace JustScale.Core;

/// <summary>Serves as the base of every exception JustScale throws on purpose.</summary>
/// <remarks>
/// An exception that carries a <see cref="StatusCode"/> between 400 and 599 is answered over HTTP with that
/// status and <c>{"error": Message, "code": Code}</c>; the message must therefore be safe to show to a client.
/// </remarks>
public class JustScaleException : Exception
{
    /// <summary>Creates an exception with a message, an optional HTTP status, code and inner exception.</summary>
    public JustScaleException(string message, int? statusCode = null, string? code = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Code = code;
    }

    /// <summary>Gets the HTTP status this error maps to, or null when it is an internal error (500).</summary>
    public int? StatusCode { get; }

    /// <summary>Gets a stable machine-readable code, or null.</summary>
    public string? Code { get; }

    /// <summary>Gets how long a client should wait before retrying, or null; HTTP sends it as Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
