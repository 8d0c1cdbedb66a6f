namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST /account/2fa/verify</c>: the ticket of the password step and a code.</summary>
public sealed record TwoFactorVerifyRequest
{
    /// <summary>Gets the ticket the login answered with (64 lowercase hex characters).</summary>
    public required string Ticket { get; init; }

    /// <summary>Gets a current TOTP code or an unused recovery code.</summary>
    public required string Code { get; init; }
}
