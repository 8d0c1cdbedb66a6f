namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/2fa/recovery-codes</c>: the account's current password.</summary>
public sealed record TwoFactorPasswordRequest
{
    /// <summary>Gets the account's current password, which proves the caller is the owner and not just a session.</summary>
    public required string Password { get; init; }
}
