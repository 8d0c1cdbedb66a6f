using JustScale.Core;

namespace JustScale.Postgres.Tests.Models;

/// <summary>A user shaped like the auth docs' built-in User model, to check the schema PgModel makes for it.</summary>
public sealed class DocsUser : Entity, IModel<DocsUser>, IHasUpdatedAt
{
    /// <summary>Gets the model.</summary>
    public static Model<DocsUser> Model { get; } = Model<DocsUser>.Define("User", m => m
        .String(u => u.Email, maxLength: 255, unique: true, indexed: true)
        .String(u => u.PasswordHash, maxLength: 255)
        .String(u => u.Name, maxLength: 100)
        .Field(u => u.EmailVerifiedAt)
        .Field(u => u.LastLoginAt));

    /// <summary>Gets or sets the unique email.</summary>
    public string Email { get; set; } = "";

    /// <summary>Gets or sets the password hash.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Gets or sets the optional display name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets when the email was verified.</summary>
    public DateTimeOffset? EmailVerifiedAt { get; set; }

    /// <summary>Gets or sets the last successful login.</summary>
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Gets or sets the update time.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
