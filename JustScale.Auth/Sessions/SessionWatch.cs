namespace JustScale.Auth;

/// <summary>Tells a long-lived connection (a stream, a WebSocket, a SignalR hub) when the session it was opened with ends.</summary>
/// <remarks>
/// Made by <see cref="SessionService.Watch"/>. <see cref="Ended"/> is cancelled when the session is revoked or expires, the
/// user is disabled or deleted, or their password changes, on this instance at once and on every other within the change
/// feed's bound. Dispose it when the connection closes.
/// </remarks>
public sealed class SessionWatch : IDisposable
{
    private readonly CancellationTokenSource _ended;
    private readonly SessionWatchers _owner;

    internal SessionWatch(SessionWatchers owner, Guid sessionId, Guid userId, string passwordHash, CancellationTokenSource ended)
    {
        _owner = owner;
        SessionId = sessionId;
        UserId = userId;
        PasswordHash = passwordHash;
        _ended = ended;
    }

    /// <summary>Gets the watched session's id.</summary>
    public Guid SessionId { get; }

    /// <summary>Gets the id of the session's user.</summary>
    public Guid UserId { get; }

    /// <summary>Gets a token cancelled when the session ends.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Gets the password hash the session was opened under (a change ends it).</summary>
    internal string PasswordHash { get; }

    /// <summary>Ends the watch: cancels <see cref="Ended"/>.</summary>
    internal void End()
    {
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // disposed meanwhile: the connection is gone already
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        _owner.Remove(this);
        _ended.Dispose();
    }
}
