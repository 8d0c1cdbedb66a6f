namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/2fa/enable</c>: a current code of the authenticator and the account's password.</summary>
public sealed record TwoFactorCodeRequest
{
    /// <summary>Gets the six-digit code the authenticator app shows now.</summary>
    public required string Code { get; init; }

    /// <summary>Gets the account's current password: a stolen session alone cannot turn two-factor login on (and lock the owner out).</summary>
    public required string Password { get; init; }
}
