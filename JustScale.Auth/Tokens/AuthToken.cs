using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents a one-time token for an account flow (email verification, password reset), stored as its SHA-256 only (table <c>auth_tokens</c>).</summary>
/// <remarks>
/// One table for every purpose: <see cref="Purpose"/> binds a token to its flow, so a verification token never resets a
/// password. A user has at most one live token per purpose: issuing one deletes the older ones. Consuming deletes it.
/// </remarks>
public sealed class AuthToken : Entity, IModel<AuthToken>
{
    /// <summary>Gets the model: user reference, purpose, unique token hash and expiry.</summary>
    public static Model<AuthToken> Model { get; } = Model<AuthToken>.Define("AuthToken", m => m
        .Field(t => t.User, new FieldOptions { Indexed = true })
        .String(t => t.Purpose, maxLength: 50)
        .String(t => t.TokenHash, maxLength: 64, unique: true, indexed: true)
        .Field(t => t.ExpiresAt, new FieldOptions { Indexed = true }));

    /// <summary>Gets or sets the user the token acts for.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets what the token is for: <see cref="AuthTokenPurpose.VerifyEmail"/> or <see cref="AuthTokenPurpose.ResetPassword"/>.</summary>
    public string Purpose { get; set; } = "";

    /// <summary>Gets or sets the SHA-256 (lowercase hex) of the token; the token itself is never stored.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>Gets or sets when the token stops being accepted (it is valid strictly before this instant).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Returns the token's id, purpose and owner, never its hash.</summary>
    public override string ToString() => $"AuthToken {Id} ({Purpose}) of user {User.Id}";
}
