namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/2fa/enable</c>: a current code of the authenticator.</summary>
public sealed record TwoFactorCodeRequest
{
    /// <summary>Gets the six-digit code the authenticator app shows now.</summary>
    public required string Code { get; init; }
}
