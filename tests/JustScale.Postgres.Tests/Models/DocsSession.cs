using JustScale.Core;

namespace JustScale.Postgres.Tests.Models;

/// <summary>A session shaped like the auth docs' built-in Session model (no updated_at, as in the docs' DDL).</summary>
public sealed class DocsSession : Entity, IModel<DocsSession>
{
    /// <summary>Gets the model.</summary>
    public static Model<DocsSession> Model { get; } = Model<DocsSession>.Define("Session", m => m
        .Field(s => s.User, new FieldOptions { Indexed = true })
        .String(s => s.Token, maxLength: 255, unique: true, indexed: true)
        .String(s => s.UserAgent, maxLength: 500)
        .String(s => s.IpAddress, maxLength: 45)
        .Field(s => s.ExpiresAt, new FieldOptions { Indexed = true })
        .Field(s => s.LastActiveAt));

    /// <summary>Gets or sets the owning user.</summary>
    public Reference<DocsUser> User { get; set; }

    /// <summary>Gets or sets the token (its hash, in the real Session).</summary>
    public string Token { get; set; } = "";

    /// <summary>Gets or sets the client's user agent.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Gets or sets the client's IP address.</summary>
    public string? IpAddress { get; set; }

    /// <summary>Gets or sets the expiry.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets the last activity.</summary>
    public DateTimeOffset LastActiveAt { get; set; }
}
