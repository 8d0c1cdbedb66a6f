namespace JustScale.Auth;

/// <summary>Describes the user <c>POST {SignInPrefix}/register</c> made.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="Email">The email, as stored (trimmed, domain in lowercase).</param>
public sealed record RegisteredUser(Guid Id, string Email);
