using System.Collections.Concurrent;
using JustScale.Auth;

namespace CompleteExample;

/// <summary>Hands each auth event to the open <c>GET /events</c> streams of its user (an <see cref="IAuthEventObserver"/>).</summary>
/// <remarks>This instance's events only: a stream on another instance hears of what happens there. Events carry ids and kinds, never secrets.</remarks>
public sealed class AuthEventStreams : IAuthEventObserver
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action<AuthEvent>>> _byUser = new();

    /// <summary>Subscribes to a user's events until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Guid userId, Action<AuthEvent> onEvent)
    {
        var key = new object();
        _byUser.GetOrAdd(userId, _ => new())[key] = onEvent;
        return new Subscription(() =>
        {
            if (_byUser.TryGetValue(userId, out var subscribers))
            {
                subscribers.TryRemove(key, out _);
            }
        });
    }

    /// <inheritdoc />
    public ValueTask OnAuthEventAsync(AuthEvent authEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authEvent);
        if (authEvent.UserId is { } userId && _byUser.TryGetValue(userId, out var subscribers))
        {
            foreach (var send in subscribers.Values)
            {
                send(authEvent);
            }
        }

        return ValueTask.CompletedTask;
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
