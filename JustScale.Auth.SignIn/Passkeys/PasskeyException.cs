using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Signals that an authenticator's response does not verify (400 <c>invalid_credential</c>); the message says why, never a key.</summary>
public sealed class PasskeyException : JustScaleException
{
    /// <summary>Creates the exception.</summary>
    public PasskeyException(string message, Exception? innerException = null)
        : base("Passkey verification failed: " + message, 400, "invalid_credential", innerException)
    {
    }
}
