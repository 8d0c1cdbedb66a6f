using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents a user account: the docs' built-in User model (table <c>users</c>).</summary>
/// <remarks>
/// The email is stored trimmed and lowercased. <see cref="PasswordHash"/> is never written to logs or responses.
/// <see cref="DisabledAt"/> is an addition to the docs' schema (column <c>disabled_at</c>): a disabled user cannot log in
/// and their sessions are refused.
/// </remarks>
public sealed class User : Entity, IModel<User>, IHasUpdatedAt
{
    /// <summary>Gets the model: email VARCHAR(255) unique and indexed, password hash VARCHAR(255), name VARCHAR(100), times.</summary>
    public static Model<User> Model { get; } = Model<User>.Define("User", m => m
        .String(u => u.Email, maxLength: 255, unique: true, indexed: true)
        .String(u => u.PasswordHash, maxLength: 255)
        .String(u => u.Name, maxLength: 100)
        .Field(u => u.EmailVerifiedAt)
        .Field(u => u.LastLoginAt)
        .Field(u => u.DisabledAt)
        .Json(u => u.Roles)
        .String(u => u.BanReason, maxLength: 500)
        .Field(u => u.BannedUntil));

    /// <summary>Gets or sets the unique, normalised email address.</summary>
    public string Email { get; set; } = "";

    /// <summary>Gets or sets the scrypt hash of the password ("salt:derivedKey", hex).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Gets or sets the optional display name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets when the email was verified, or null.</summary>
    public DateTimeOffset? EmailVerifiedAt { get; set; }

    /// <summary>Gets or sets when the user last logged in, or null.</summary>
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Gets or sets when the user was disabled, or null while enabled.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Gets or sets the user's global roles (<c>admin</c> and application-defined ones), or null for none.</summary>
    /// <remarks>Stored as JSON (column <c>roles</c>); read them through <see cref="UserRoles.Has"/>, which also honours
    /// <see cref="AuthOptions.Admins"/>.</remarks>
    public string[]? Roles { get; set; }

    /// <summary>Gets or sets why an admin banned the user, or null when not banned.</summary>
    public string? BanReason { get; set; }

    /// <summary>Gets or sets when the ban ends, or null for a ban without end (or no ban).</summary>
    /// <remarks>A banned user is disabled (<see cref="DisabledAt"/>); the first login after this instant lifts the ban.</remarks>
    public DateTimeOffset? BannedUntil { get; set; }

    /// <summary>Gets or sets when the user was last written.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Returns the user's id and email, never the password hash.</summary>
    public override string ToString() => $"User {Id} <{Email}>";
}
