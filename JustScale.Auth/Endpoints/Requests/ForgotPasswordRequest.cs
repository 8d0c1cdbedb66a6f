namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/password/forgot</c>: the address to send a reset link to.</summary>
public sealed record ForgotPasswordRequest
{
    /// <summary>Gets the account's email address.</summary>
    public required string Email { get; init; }
}
