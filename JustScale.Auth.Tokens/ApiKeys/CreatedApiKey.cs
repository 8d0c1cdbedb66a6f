namespace JustScale.Auth.Tokens;

/// <summary>Carries a new API key: the only time the key itself is shown.</summary>
/// <param name="Id">The key's id, to list or revoke it.</param>
/// <param name="Key">The key, to send as <c>X-API-Key</c>; only its SHA-256 is stored.</param>
public sealed record CreatedApiKey(Guid Id, string Key);
