using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports registration input that cannot be accepted (missing password, malformed email); HTTP 400.</summary>
/// <param name="message">A client-safe message.</param>
/// <param name="code">The machine-readable code, such as <c>invalid_email</c>.</param>
public sealed class InvalidAuthInputException(string message, string code) : JustScaleException(message, 400, code);
