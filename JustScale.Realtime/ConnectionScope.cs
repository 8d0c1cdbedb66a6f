using JustScale.Auth;
using JustScale.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Realtime;

/// <summary>Holds what a realtime connection is bound to: the request, its session's watch, its per-user slot; ends them together.</summary>
internal sealed class ConnectionScope : IDisposable
{
    private readonly CancellationTokenSource _closed;
    private readonly SessionWatch? _watch;
    private readonly ConnectionCounter _counter;
    private readonly Guid? _userId;

    private ConnectionScope(CancellationTokenSource closed, SessionWatch? watch, ConnectionCounter counter, Guid? userId)
    {
        _closed = closed;
        _watch = watch;
        _counter = counter;
        _userId = userId;
    }

    public CancellationToken Closed => _closed.Token;

    /// <summary>Gets whether the session ended (rather than the client leaving or the server stopping).</summary>
    public bool SessionEnded => _watch?.Ended.IsCancellationRequested == true;

    /// <summary>Opens the scope, or answers 429 and returns null when the user holds too many connections.</summary>
    public static ConnectionScope? Open(IRequestContext context, ConnectionCounter counter)
    {
        SessionWatch? watch = null;
        Guid? userId = null;
        if (context is IAuthenticated authenticated)
        {
            userId = authenticated.User.Id;
            if (!counter.TryEnter(authenticated.User.Id))
            {
                context.Res.Status(429).Json(new { error = "Too many open connections", code = "too_many_connections" });
                return null;
            }

            // Once per connection, not per request: the service is the cluster's singleton.
            watch = context.Services.GetRequiredService<SessionService>().Watch(authenticated.Session, authenticated.User);
        }

        var stopping = context.Services.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var closed = watch is null
            ? CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping)
            : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, watch.Ended);
        return new ConnectionScope(closed, watch, counter, userId);
    }

    public void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // closed already
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _closed.Dispose();
        if (_userId is { } id)
        {
            _counter.Leave(id);
        }
    }
}
