using JustScale.Core;

namespace JustScale.Auth.Tokens;

/// <summary>Represents one key that signs access tokens (table <c>signing_keys</c>): its public half as a JWK, its private half encrypted.</summary>
/// <remarks>The private key is a PKCS#8 blob encrypted with ASP.NET Core Data Protection; a database dump alone signs nothing.
/// A key signs until <see cref="SignUntil"/> and is published in the JWKS until <see cref="PublishUntil"/>, when the last token it signed has expired.</remarks>
public sealed class SigningKey : Entity, IModel<SigningKey>
{
    /// <summary>Gets the model: key id, algorithm, public JWK, encrypted private key, signing and publishing ends.</summary>
    public static Model<SigningKey> Model { get; } = Model<SigningKey>.Define("SigningKey", m => m
        .String(k => k.KeyId, maxLength: 64, unique: true, indexed: true)
        .String(k => k.Algorithm, maxLength: 16)
        .Field(k => k.PublicKey)
        .Field(k => k.PrivateKey)
        .Field(k => k.SignUntil)
        .Field(k => k.PublishUntil, new FieldOptions { Indexed = true }));

    /// <summary>Gets or sets the key id (<c>kid</c>).</summary>
    public string KeyId { get; set; } = "";

    /// <summary>Gets or sets the JWS algorithm (<c>ES256</c>).</summary>
    public string Algorithm { get; set; } = "ES256";

    /// <summary>Gets or sets the public key: the P-256 point as base64url <c>x.y</c>.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>Gets or sets the private key, PKCS#8 encrypted with Data Protection, as base64.</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>Gets or sets when the key stops signing.</summary>
    public DateTimeOffset SignUntil { get; set; }

    /// <summary>Gets or sets when the key leaves the JWKS (after the last token it signed expired).</summary>
    public DateTimeOffset PublishUntil { get; set; }

    /// <summary>Returns the key's id, never its material.</summary>
    public override string ToString() => $"SigningKey {KeyId}";
}
