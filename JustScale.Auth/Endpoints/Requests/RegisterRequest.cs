namespace JustScale.Auth;

/// <summary>Carries the body of <c>POST {SignInPrefix}/register</c>: the new account's email, password and optional name.</summary>
public sealed record RegisterRequest
{
    /// <summary>Gets the email address (the account's login).</summary>
    public required string Email { get; init; }

    /// <summary>Gets the password; the password policy (<see cref="PasswordOptions"/>) decides what is accepted.</summary>
    public required string Password { get; init; }

    /// <summary>Gets the optional display name.</summary>
    public string? Name { get; init; }
}
