using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports that every password hashing slot stayed busy for the whole queue wait; HTTP 503 with Retry-After.</summary>
/// <remarks>Raised instead of starting another 16 MiB scrypt run, so a login flood degrades into 503s, not out-of-memory.</remarks>
public sealed class PasswordHasherOverloadedException : JustScaleException
{
    /// <summary>Creates the exception with the delay a client should wait before retrying.</summary>
    public PasswordHasherOverloadedException(TimeSpan retryAfter)
        : base("Service Unavailable: too many password checks in progress, retry shortly", 503, "overloaded")
    {
        RetryAfter = retryAfter;
    }
}
