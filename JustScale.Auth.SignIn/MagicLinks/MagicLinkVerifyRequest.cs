namespace JustScale.Auth.SignIn;

/// <summary>Carries the body of <c>POST /auth/magic-link/verify</c>: the token from the mailed link.</summary>
public sealed record MagicLinkVerifyRequest
{
    /// <summary>Gets the token from the link (64 lowercase hex characters).</summary>
    public required string Token { get; init; }
}
