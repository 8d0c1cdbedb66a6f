namespace JustScale.Auth;

/// <summary>Describes one auth event: recorders get it inside the transaction of its write, observers once that committed.</summary>
/// <remarks>Ids, counts and the request's origin only: never an email, token, password, hash or link, so an observer may log
/// or ship it as it is.</remarks>
/// <param name="Kind">What happened.</param>
/// <param name="At">When (the cluster's <see cref="TimeProvider"/>).</param>
/// <param name="UserId">The user concerned, when known (null for a failed login of an unknown email).</param>
/// <param name="SessionId">The session concerned, for a single session.</param>
/// <param name="Count">How many sessions, for <see cref="AuthEventKind.SessionRevoked"/>; otherwise 1.</param>
public sealed record AuthEvent(AuthEventKind Kind, DateTimeOffset At, Guid? UserId = null, Guid? SessionId = null, int Count = 1)
{
    /// <summary>Gets the client IP address of the request that caused the event (trusted proxies honoured), or null outside a request.</summary>
    public string? IpAddress { get; init; }

    /// <summary>Gets the User-Agent of the request that caused the event (at most 500 characters), or null.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Gets the signed-in user who acted on someone else's account (an admin, or the admin behind an impersonation session), or null.</summary>
    public Guid? ActorId { get; init; }

    /// <summary>Gets the event's type name, such as <c>auth.login_failed</c> (<see cref="AuthEventTypes.Of"/>).</summary>
    public string Type => AuthEventTypes.Of(Kind);
}
