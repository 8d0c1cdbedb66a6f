using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports a wrong email or password (the docs' InvalidCredentialsError); HTTP 401.</summary>
/// <remarks>The message never says which of the two was wrong.</remarks>
public sealed class InvalidCredentialsException() : JustScaleException("Invalid email or password", 401, "invalid_credentials");
