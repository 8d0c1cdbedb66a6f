namespace JustScale.Auth.Tokens;

/// <summary>Carries an issued access token and its lifetime, as <c>POST /auth/token</c> answers it.</summary>
/// <param name="AccessToken">The signed JWT (ES256), to send as <c>Authorization: Bearer</c>.</param>
/// <param name="ExpiresIn">Its lifetime in seconds.</param>
public sealed record IssuedAccessToken(string AccessToken, int ExpiresIn);
