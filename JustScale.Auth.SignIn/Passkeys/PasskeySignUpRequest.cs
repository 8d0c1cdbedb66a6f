namespace JustScale.Auth.SignIn;

/// <summary>Carries the body of <c>POST /auth/passkey/register/options</c>: who signs up with a passkey alone.</summary>
public sealed record PasskeySignUpRequest
{
    /// <summary>Gets the email address of the new account.</summary>
    public required string Email { get; init; }

    /// <summary>Gets the optional display name.</summary>
    public string? Name { get; init; }
}
