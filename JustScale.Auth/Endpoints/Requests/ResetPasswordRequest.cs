namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/password/reset</c>: the token from the reset link and the new password.</summary>
public sealed record ResetPasswordRequest
{
    /// <summary>Gets the token from the link (64 lowercase hex characters).</summary>
    public required string Token { get; init; }

    /// <summary>Gets the new password.</summary>
    public required string Password { get; init; }
}
