namespace JustScale.Auth;

/// <summary>Describes one auth event, raised after its write committed.</summary>
/// <remarks>Ids and counts only: never an email, token, password, hash or link, so an observer may log or ship it as it is.</remarks>
/// <param name="Kind">What happened.</param>
/// <param name="At">When (the cluster's <see cref="TimeProvider"/>).</param>
/// <param name="UserId">The user concerned, when known (null for a failed login of an unknown email).</param>
/// <param name="SessionId">The session concerned, for a single session.</param>
/// <param name="Count">How many sessions, for <see cref="AuthEventKind.SessionRevoked"/>; otherwise 1.</param>
public sealed record AuthEvent(AuthEventKind Kind, DateTimeOffset At, Guid? UserId = null, Guid? SessionId = null, int Count = 1);
