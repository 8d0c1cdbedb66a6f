using System.Collections.Concurrent;
using JustScale.Auth;

namespace JustScale.Auth.Tests.Endpoints.Account;

/// <summary>Keeps every auth event the hosted app raised, in order.</summary>
public sealed class AuthEventRecorder : IAuthEventObserver
{
    private readonly ConcurrentQueue<AuthEvent> _events = new();

    /// <summary>Gets the events of one user, oldest first.</summary>
    public IReadOnlyList<AuthEvent> Of(Guid userId) => [.. _events.Where(e => e.UserId == userId)];

    /// <summary>Gets every event, oldest first.</summary>
    public IReadOnlyList<AuthEvent> All => [.. _events];

    /// <inheritdoc />
    public ValueTask OnAuthEventAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(authEvent);
        return ValueTask.CompletedTask;
    }
}
