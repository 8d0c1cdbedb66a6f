using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Signals that an authenticator's response does not verify (400 <c>invalid_credential</c>); the message says why, never a key.</summary>
/// <param name="message">Why it does not verify.</param>
/// <param name="innerException">The verifier's exception, when there is one.</param>
public sealed class PasskeyException(string message, Exception? innerException = null)
    : JustScaleException("Passkey verification failed: " + message, 400, "invalid_credential", innerException);
