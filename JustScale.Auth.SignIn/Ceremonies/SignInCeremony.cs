using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Represents a step of a sign-in flow that another request finishes (table <c>sign_in_ceremonies</c>): a WebAuthn challenge, an OpenID Connect state, a one-time code.</summary>
/// <remarks>
/// The key the client holds (a ceremony id, a state, a code) is stored as its SHA-256 only; taking a ceremony deletes it, so
/// each works once, and on any instance that shares the store. <see cref="Data"/> holds what the finishing step needs (the
/// options that were sent, a PKCE verifier), never a session token.
/// </remarks>
public sealed class SignInCeremony : Entity, IModel<SignInCeremony>
{
    /// <summary>Gets the model: kind, unique key hash, optional user, data and expiry.</summary>
    public static Model<SignInCeremony> Model { get; } = Model<SignInCeremony>.Define("SignInCeremony", m => m
        .String(c => c.Kind, maxLength: 40)
        .String(c => c.KeyHash, maxLength: 64, unique: true, indexed: true)
        .Field(c => c.UserId)
        .Field(c => c.Data)
        .Field(c => c.ExpiresAt, new FieldOptions { Indexed = true }));

    /// <summary>Gets or sets what the ceremony is for (<c>passkey_create</c>, <c>passkey_get</c>, <c>oauth_state</c>, ...): a key of one kind never finishes another.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Gets or sets the SHA-256 (lowercase hex) of the key the client holds.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>Gets or sets the user the ceremony belongs to, when one began it signed in.</summary>
    public Guid? UserId { get; set; }

    /// <summary>Gets or sets what the finishing step needs, as JSON text.</summary>
    public string Data { get; set; } = "";

    /// <summary>Gets or sets when the ceremony stops being accepted (strictly before this instant).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Returns the ceremony's id and kind, never its key hash or data.</summary>
    public override string ToString() => $"SignInCeremony {Id} ({Kind})";
}
