using JustScale.Core;

namespace PgRepositoryBench;

/// <summary>A session shaped like the auth docs' Session, looked up by its unique token.</summary>
public sealed class BenchSession : Entity, IModel<BenchSession>
{
    /// <summary>Gets the model.</summary>
    public static Model<BenchSession> Model { get; } = Model<BenchSession>.Define("Session", m => m
        .Field(s => s.User, new FieldOptions { Indexed = true })
        .String(s => s.Token, maxLength: 255, unique: true, indexed: true)
        .String(s => s.UserAgent, maxLength: 500)
        .String(s => s.IpAddress, maxLength: 45)
        .Field(s => s.ExpiresAt, new FieldOptions { Indexed = true })
        .Field(s => s.LastActiveAt));

    /// <summary>Gets or sets the owning user.</summary>
    public Reference<BenchUser> User { get; set; }

    /// <summary>Gets or sets the token.</summary>
    public string Token { get; set; } = "";

    /// <summary>Gets or sets the user agent.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Gets or sets the IP address.</summary>
    public string? IpAddress { get; set; }

    /// <summary>Gets or sets the expiry.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets the last activity.</summary>
    public DateTimeOffset LastActiveAt { get; set; }
}
