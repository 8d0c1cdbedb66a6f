using JustScale.Core;
using JustScale.Http.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JustScale.Auth;

/// <summary>Hands auth events to every registered <see cref="IAuthEventRecorder"/> (in the change's transaction) and
/// <see cref="IAuthEventObserver"/> (after it commits), and logs each as a structured entry.</summary>
/// <remarks>Provided by <see cref="AuthFeature"/>; UserService and SessionService raise through it.</remarks>
/// <param name="observers">Told after the change committed.</param>
/// <param name="timeProvider">The clock that dates events.</param>
/// <param name="logger">Where events are logged.</param>
/// <param name="recorders">Called at once, in the change's transaction (the audit trail, the webhook outbox); none when null.</param>
/// <param name="requests">ASP.NET Core's accessor, when the app registered it: the request of an event raised outside
/// a JustScale route (a minimal API, a hub), for its IP address, user agent and actor. Events raised in a JustScale route
/// carry that route's request without it.</param>
public sealed partial class AuthEvents(
    IEnumerable<IAuthEventObserver> observers, TimeProvider timeProvider, ILogger<AuthEvents>? logger = null,
    IEnumerable<IAuthEventRecorder>? recorders = null, IHttpContextAccessor? requests = null)
{
    private const int MaxUserAgent = 500;

    private readonly IAuthEventObserver[] _observers = [.. observers ?? throw new ArgumentNullException(nameof(observers))];
    private readonly IAuthEventRecorder[] _recorders = [.. recorders ?? []];
    private readonly ILogger _logger = logger ?? NullLogger<AuthEvents>.Instance;
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Gets whether any recorder stores events, so that a change and its event need one transaction.</summary>
    internal bool Records => _recorders.Length > 0;

    /// <summary>Raises an event: records it, logs it (category <c>JustScale.Auth.AuthEvents</c>, Information), then calls each observer.</summary>
    /// <remarks>Recorders run at once, so inside a unit of work (<see cref="IUnitOfWork"/>) their rows commit or roll back with the
    /// change; a recorder's failure fails the change. Observers wait for the commit, in the order raised, and hear nothing of a
    /// rollback: they only hear of changes that were stored.</remarks>
    public async ValueTask RaiseAsync(AuthEventKind kind, Guid? userId = null, Guid? sessionId = null, int count = 1, CancellationToken cancellationToken = default)
    {
        var authEvent = WithOrigin(new AuthEvent(kind, _time.GetUtcNow(), userId, sessionId, count));
        foreach (var recorder in _recorders)
        {
            await recorder.RecordAsync(authEvent, cancellationToken).ConfigureAwait(false);
        }

        if (UnitOfWork.Current is { IsActive: true } transaction)
        {
            transaction.OnCommitted(() => PublishAsync(authEvent, cancellationToken).AsTask());
            return;
        }

        await PublishAsync(authEvent, cancellationToken).ConfigureAwait(false);
    }

    private AuthEvent WithOrigin(AuthEvent authEvent)
    {
        // A JustScale route's request, else (when the app registered ASP.NET Core's accessor) a host endpoint's.
        if ((RouteRequests.Current ?? requests?.HttpContext) is not { } request)
        {
            return authEvent; // outside a request: a CLI, a background job
        }

        var agent = request.Request.Headers.UserAgent.ToString();
        var actor = request.Features.Get<AuthenticatedRequestFeature>()?.Actor;
        var peer = request.Connection.RemoteIpAddress; // behind a trusted proxy, the forwarded client
        return authEvent with
        {
            IpAddress = (peer is { IsIPv4MappedToIPv6: true } ? peer.MapToIPv4() : peer)?.ToString(),
            UserAgent = agent.Length == 0 ? null : agent.Length > MaxUserAgent ? agent[..MaxUserAgent] : agent,
            ActorId = actor is { } a && a != authEvent.UserId ? a : null,
        };
    }

    private async ValueTask PublishAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        Log.Event(_logger, authEvent.Kind, authEvent.UserId, authEvent.SessionId, authEvent.Count);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnAuthEventAsync(authEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ObserverFailed(_logger, observer.GetType().Name, authEvent.Kind, ex);
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
