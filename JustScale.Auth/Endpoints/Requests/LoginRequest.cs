namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST {SignInPrefix}/login</c>: email and password.</summary>
public sealed record LoginRequest
{
    /// <summary>Gets the account's email address.</summary>
    public required string Email { get; init; }

    /// <summary>Gets the password.</summary>
    public required string Password { get; init; }
}
