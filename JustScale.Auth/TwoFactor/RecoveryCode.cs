using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents one unused recovery code of a user, stored as a SHA-256 only (table <c>recovery_codes</c>).</summary>
/// <remarks>Ten are made when two-factor login is turned on; each logs in once in place of a TOTP code and is deleted when used.</remarks>
public sealed class RecoveryCode : Entity, IModel<RecoveryCode>
{
    /// <summary>Gets the model: user reference and unique code hash.</summary>
    public static Model<RecoveryCode> Model { get; } = Model<RecoveryCode>.Define("RecoveryCode", m => m
        .Field(c => c.User, new FieldOptions { Indexed = true })
        .String(c => c.CodeHash, maxLength: 64, unique: true, indexed: true));

    /// <summary>Gets or sets the user the code belongs to.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the SHA-256 (lowercase hex) of the user's id and the normalised code; the code itself is never stored.</summary>
    public string CodeHash { get; set; } = "";

    /// <summary>Returns the code's id and owner, never its hash.</summary>
    public override string ToString() => $"RecoveryCode {Id} of user {User.Id}";
}
