using JustScale.Core;

namespace JustScale.Auth.SignIn;

/// <summary>Represents a passkey of a user (table <c>passkey_credentials</c>): the credential's id and public key, its signature counter and backup state.</summary>
/// <remarks>Nothing here is secret (the private key never leaves the authenticator), but the public key and counter decide who signs in: only the ceremonies write them.</remarks>
public sealed class PasskeyCredential : Entity, IModel<PasskeyCredential>
{
    /// <summary>Gets the model: user, unique credential id, public key, counter, user handle, name, backup flags, last use.</summary>
    public static Model<PasskeyCredential> Model { get; } = Model<PasskeyCredential>.Define("PasskeyCredential", m => m
        .Field(c => c.User, new FieldOptions { Indexed = true })
        .String(c => c.CredentialId, maxLength: 1400, unique: true, indexed: true)
        .Field(c => c.PublicKey)
        .Field(c => c.SignCount)
        .Field(c => c.UserHandle)
        .String(c => c.Name, maxLength: 100)
        .Field(c => c.BackupEligible)
        .Field(c => c.BackedUp)
        .String(c => c.Transports, maxLength: 200)
        .Field(c => c.LastUsedAt));

    /// <summary>Gets or sets the user the passkey signs in.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the credential id, base64url without padding (as WebAuthn's JSON carries it).</summary>
    public string CredentialId { get; set; } = "";

    /// <summary>Gets or sets the credential's public key (COSE).</summary>
    public byte[] PublicKey { get; set; } = [];

    /// <summary>Gets or sets the last signature counter the authenticator reported (0 for authenticators that keep none).</summary>
    public long SignCount { get; set; }

    /// <summary>Gets or sets the WebAuthn user handle the credential was made for (random, never the email).</summary>
    public byte[] UserHandle { get; set; } = [];

    /// <summary>Gets or sets the name the user gave it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets whether the credential may be synced (backup eligible); fixed at registration.</summary>
    public bool BackupEligible { get; set; }

    /// <summary>Gets or sets whether the credential was backed up (synced) at its last use.</summary>
    public bool BackedUp { get; set; }

    /// <summary>Gets or sets the transports the authenticator reported, comma separated.</summary>
    public string? Transports { get; set; }

    /// <summary>Gets or sets when the passkey last signed in, or null.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Returns the passkey's id and owner, never its key.</summary>
    public override string ToString() => $"PasskeyCredential {Id} of user {User.Id}";
}
