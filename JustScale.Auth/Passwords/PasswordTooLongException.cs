using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Reports a password longer than <see cref="PasswordService.MaxPasswordBytes"/> UTF-8 bytes; HTTP 400.</summary>
/// <remarks>The limit keeps an attacker from making every hash start with a megabyte of PBKDF2 input.</remarks>
public sealed class PasswordTooLongException() : JustScaleException("Password exceeds 1024 bytes", 400, "password_too_long");
