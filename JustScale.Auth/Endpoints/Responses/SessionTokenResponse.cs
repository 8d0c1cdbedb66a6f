namespace JustScale.Auth;

/// <summary>Answers a login (and its two-factor step): the session token, or null with cookie sessions (the token is in the HttpOnly cookie).</summary>
/// <param name="Token">The session token (64 lowercase hex characters), sent as <c>Authorization: Bearer</c>; null in cookie mode.</param>
public sealed record SessionTokenResponse(string? Token);
