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

    /// <summary>Creates the exception with a message and a machine-readable code (<c>not_signed_in</c>).</summary>
    internal AuthenticationFailedException(string message, string code)
        : base(message, 401, code)
    {
    }
}
