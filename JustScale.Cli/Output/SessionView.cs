using JustScale.Auth;

namespace JustScale.Cli;

/// <summary>Describes a session for output, with the account API's field names; never its token (stored or plain).</summary>
internal sealed record SessionView(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastActiveAt, DateTimeOffset ExpiresAt, string? UserAgent, string? IpAddress, Guid? ImpersonatedBy)
{
    /// <summary>Returns the view of a session.</summary>
    public static SessionView Of(Session session) => new(
        session.Id, session.CreatedAt, session.LastActiveAt, session.ExpiresAt, session.UserAgent, session.IpAddress, session.ImpersonatedBy);
}
