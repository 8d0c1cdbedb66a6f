namespace JustScale.Auth.SignIn;

/// <summary>Carries the body of <c>POST /auth/magic-link</c>: the address to mail a sign-in link to.</summary>
public sealed record MagicLinkRequest
{
    /// <summary>Gets the email address.</summary>
    public required string Email { get; init; }
}
