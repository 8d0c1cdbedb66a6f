namespace JustScale.Auth;

/// <summary>Holds one page of audit entries, newest first, and the cursor of the next page.</summary>
/// <param name="Items">The entries, newest first.</param>
/// <param name="NextCursor">Pass as <see cref="AuditQuery.Cursor"/> for the next (older) page; null when this page is the last.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? NextCursor);
