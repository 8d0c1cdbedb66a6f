using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents a login session: the docs' built-in Session model (table <c>sessions</c>).</summary>
/// <remarks>
/// The stored <see cref="Token"/> is the SHA-256 (hex) of the bearer token, never the token itself, so a leaked
/// sessions table logs no one in. Only the session returned by <see cref="SessionService.CreateAsync"/> carries the
/// plain token, to hand to the client once. A session has a fixed lifetime: touching it never extends <see cref="ExpiresAt"/>.
/// </remarks>
public sealed class Session : Entity, IModel<Session>
{
    /// <summary>Gets the model: user reference, unique token, user agent, IP address, expiry and activity times.</summary>
    public static Model<Session> Model { get; } = Model<Session>.Define("Session", m => m
        .Field(s => s.User, new FieldOptions { Indexed = true })
        .String(s => s.Token, maxLength: 255, unique: true, indexed: true)
        .String(s => s.UserAgent, maxLength: 500)
        .String(s => s.IpAddress, maxLength: 45)
        .Field(s => s.ExpiresAt, new FieldOptions { Indexed = true })
        .Field(s => s.LastActiveAt)
        .Field(s => s.ImpersonatedBy));

    /// <summary>Gets or sets the user the session belongs to.</summary>
    public Reference<User> User { get; set; }

    /// <summary>Gets or sets the token: plain (64 hex characters) right after creation, its SHA-256 hex once stored.</summary>
    public string Token { get; set; } = "";

    /// <summary>Gets or sets the client's user agent, or null.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Gets or sets the client's IP address, or null.</summary>
    public string? IpAddress { get; set; }

    /// <summary>Gets or sets when the session stops being valid (it is valid strictly before this instant).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets when the session was last used (written at most once per touch interval).</summary>
    public DateTimeOffset LastActiveAt { get; set; }

    /// <summary>Gets or sets the id of the admin who impersonates the user through this session, or null for the user's own session.</summary>
    /// <remarks>Made by <see cref="SessionService.ImpersonateAsync"/>: short-lived, listed in the user's sessions with this id.</remarks>
    public Guid? ImpersonatedBy { get; set; }

    /// <summary>Returns the session's id and owner, never its token.</summary>
    public override string ToString() => $"Session {Id} of user {User.Id}";
}
