using JustScale.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Auth;

/// <summary>Hands auth events to every registered <see cref="IAuthEventObserver"/>, and logs each as a structured entry.</summary>
/// <remarks>Provided by <see cref="AuthFeature"/>; UserService and SessionService raise through it.</remarks>
public sealed partial class AuthEvents
{
    private readonly IAuthEventObserver[] _observers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the publisher over the registered observers.</summary>
    public AuthEvents(IEnumerable<IAuthEventObserver> observers, TimeProvider timeProvider, ILogger<AuthEvents>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(observers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _observers = [.. observers];
        _time = timeProvider;
        _logger = logger ?? NullLogger<AuthEvents>.Instance;
    }

    /// <summary>Raises an event: logs it (category <c>JustScale.Auth.AuthEvents</c>, Information), then calls each observer.</summary>
    /// <remarks>Inside a unit of work (<see cref="IUnitOfWork"/>) the event waits for the commit, in the order raised, and is
    /// dropped on rollback: observers only hear of changes that were stored.</remarks>
    public ValueTask RaiseAsync(AuthEventKind kind, Guid? userId = null, Guid? sessionId = null, int count = 1, CancellationToken cancellationToken = default)
    {
        var authEvent = new AuthEvent(kind, _time.GetUtcNow(), userId, sessionId, count);
        if (UnitOfWork.Current is { IsActive: true } transaction)
        {
            transaction.OnCommitted(() => PublishAsync(authEvent, cancellationToken).AsTask());
            return ValueTask.CompletedTask;
        }

        return PublishAsync(authEvent, cancellationToken);
    }

    private async ValueTask PublishAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        var (kind, userId, sessionId, count) = (authEvent.Kind, authEvent.UserId, authEvent.SessionId, authEvent.Count);
        Log.Event(_logger, kind, userId, sessionId, count);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnAuthEventAsync(authEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ObserverFailed(_logger, observer.GetType().Name, kind, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Auth event {Kind}: user {UserId}, session {SessionId}, count {Count}")]
        public static partial void Event(ILogger logger, AuthEventKind kind, Guid? userId, Guid? sessionId, int count);

        [LoggerMessage(2, LogLevel.Error, "Auth event observer {Observer} failed on {Kind}; the request goes on")]
        public static partial void ObserverFailed(ILogger logger, string observer, AuthEventKind kind, Exception exception);
    }
}
