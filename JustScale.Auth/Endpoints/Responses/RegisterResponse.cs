namespace JustScale.Auth;

/// <summary>Answers <c>POST {SignInPrefix}/register</c>: the first session's token (null with cookie sessions) and the new user.</summary>
/// <param name="Token">The session token, or null in cookie mode.</param>
/// <param name="User">The registered user.</param>
public sealed record RegisterResponse(string? Token, RegisteredUser User);
