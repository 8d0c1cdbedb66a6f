namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/2fa/disable</c>: the password, and optionally a current code (or a recovery code).</summary>
public sealed record TwoFactorDisableRequest
{
    /// <summary>Gets a current TOTP code or an unused recovery code; when given it must be right too.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the account's current password, always required.</summary>
    public required string Password { get; init; }
}
