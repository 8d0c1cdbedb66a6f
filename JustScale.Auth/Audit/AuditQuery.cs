namespace JustScale.Auth;

/// <summary>Asks <see cref="AuditLog.ListAsync"/> for one page of audit entries, newest first, filtered by user, type and time.</summary>
public sealed record AuditQuery
{
    /// <summary>Gets the user whose events are listed, or null for every user.</summary>
    public Guid? UserId { get; init; }

    /// <summary>Gets the event type listed (<see cref="AuthEventTypes"/>), or null for every type.</summary>
    public string? Type { get; init; }

    /// <summary>Gets the earliest time listed (inclusive), or null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the time before which events are listed (exclusive), or null.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets the page size: 1 to <see cref="AuditOptions.MaxPageSize"/>; 50 by default.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Gets the cursor returned with the previous page (<see cref="AuditPage.NextCursor"/>), or null for the first page.</summary>
    public string? Cursor { get; init; }
}
