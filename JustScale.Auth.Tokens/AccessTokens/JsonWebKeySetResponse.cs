namespace JustScale.Auth.Tokens;

/// <summary>Carries the public keys that verify access tokens (RFC 7517 JWK Set), as <c>GET /.well-known/jwks.json</c> answers it.</summary>
/// <param name="Keys">The keys, the one signing now first.</param>
public sealed record JsonWebKeySetResponse(IReadOnlyList<PublicJsonWebKey> Keys);
