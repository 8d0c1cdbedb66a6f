namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/2fa/disable</c>: a current code (or a recovery code), or the password.</summary>
public sealed record TwoFactorDisableRequest
{
    /// <summary>Gets a current TOTP code or an unused recovery code, or null when the password is given.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the account's password, or null when a code is given.</summary>
    public string? Password { get; init; }
}
