namespace JustScale.Auth.Tokens;

/// <summary>Carries the answer of <c>DELETE /account/api-keys/:id</c>.</summary>
/// <param name="Revoked">How many keys were revoked (1).</param>
public sealed record RevokedApiKey(int Revoked);
