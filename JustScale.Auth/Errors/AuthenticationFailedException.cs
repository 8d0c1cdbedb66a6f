using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports a request that is not authenticated (the docs' AuthenticationError); HTTP answers 401.</summary>
public sealed class AuthenticationFailedException : JustScaleException
{
    /// <summary>Creates the exception with a client-safe message such as "Invalid or expired session".</summary>
    public AuthenticationFailedException(string message)
        : base(message, 401)
    {
    }
}
