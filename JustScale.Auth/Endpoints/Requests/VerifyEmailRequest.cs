namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/email/verify</c>: the token from the verification link.</summary>
public sealed record VerifyEmailRequest
{
    /// <summary>Gets the token from the link (64 lowercase hex characters).</summary>
    public required string Token { get; init; }
}
