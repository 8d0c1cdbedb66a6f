using System.Text.Json.Serialization;

namespace JustScale.Auth.Tokens;

/// <summary>Carries one public EC key in JWK form (RFC 7517/7518).</summary>
/// <param name="Kty">The key type, <c>EC</c>.</param>
/// <param name="Crv">The curve, <c>P-256</c>.</param>
/// <param name="X">The point's x coordinate, base64url.</param>
/// <param name="Y">The point's y coordinate, base64url.</param>
/// <param name="Kid">The key id, as in the tokens' header.</param>
/// <param name="Use">The use, <c>sig</c>.</param>
/// <param name="Alg">The algorithm, <c>ES256</c>.</param>
public sealed record PublicJsonWebKey(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Alg);
