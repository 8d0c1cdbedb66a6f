using JustScale.Core;

namespace PgRepositoryBench;

/// <summary>A user shaped like the auth docs' User.</summary>
public sealed class BenchUser : Entity, IModel<BenchUser>, IHasUpdatedAt
{
    /// <summary>Gets the model.</summary>
    public static Model<BenchUser> Model { get; } = Model<BenchUser>.Define("User", m => m
        .String(u => u.Email, maxLength: 255, unique: true, indexed: true)
        .String(u => u.PasswordHash, maxLength: 255));

    /// <summary>Gets or sets the email.</summary>
    public string Email { get; set; } = "";

    /// <summary>Gets or sets the password hash.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Gets or sets the update time.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
