using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports registration input that cannot be accepted (missing password, malformed email); HTTP 400.</summary>
public sealed class InvalidAuthInputException : JustScaleException
{
    /// <summary>Creates the exception with a client-safe message and a code.</summary>
    public InvalidAuthInputException(string message, string code)
        : base(message, 400, code)
    {
    }
}
