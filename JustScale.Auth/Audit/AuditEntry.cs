using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Represents one recorded auth event (table <c>audit_events</c> in the docs): who, what, when, from where; never a secret.</summary>
/// <remarks>Written by <see cref="AuditLog"/> in the transaction of the change it records. Two indexes serve the two
/// questions asked of it in one index scan each: a user's events newest first (<c>UserId, OccurredAt, Id</c>) and one type's
/// events newest first (<c>Type, OccurredAt, Id</c>); a third (<c>OccurredAt, Id</c>) serves the admin's unfiltered list and
/// the retention sweep.</remarks>
public sealed class AuditEntry : Entity, IModel<AuditEntry>
{
    /// <summary>Gets the model: user, type, time, IP, user agent, actor, session and count, with its indexes.</summary>
    public static Model<AuditEntry> Model { get; } = Model<AuditEntry>.Define("AuditEntry", m => m
        .Field(e => e.UserId)
        .String(e => e.Type, maxLength: 64)
        .Field(e => e.OccurredAt)
        .String(e => e.IpAddress, maxLength: 45)
        .String(e => e.UserAgent, maxLength: 500)
        .Field(e => e.ActorId)
        .Field(e => e.SessionId)
        .Field(e => e.Count)
        .Index([e => e.UserId, e => e.OccurredAt, e => e.Id])
        .Index([e => e.Type, e => e.OccurredAt, e => e.Id])
        .Index(e => e.OccurredAt, e => e.Id));

    /// <summary>Gets or sets the user the event concerns, or null (a failed login of an unknown email).</summary>
    public Guid? UserId { get; set; }

    /// <summary>Gets or sets the event's type name, such as <c>auth.login_failed</c> (<see cref="AuthEventTypes"/>).</summary>
    public string Type { get; set; } = "";

    /// <summary>Gets or sets when the event happened (the cluster's <see cref="TimeProvider"/>, microsecond precision).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Gets or sets the client IP address of the request, or null outside a request.</summary>
    public string? IpAddress { get; set; }

    /// <summary>Gets or sets the request's User-Agent, or null.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Gets or sets who acted on the user's account when it was not the user (an admin), or null.</summary>
    public Guid? ActorId { get; set; }

    /// <summary>Gets or sets the session concerned, for an event about one session, or null.</summary>
    public Guid? SessionId { get; set; }

    /// <summary>Gets or sets how many sessions a revocation ended; 1 for other events.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Returns the entry's type and id, for logs.</summary>
    public override string ToString() => $"AuditEntry {Id} ({Type})";
}
