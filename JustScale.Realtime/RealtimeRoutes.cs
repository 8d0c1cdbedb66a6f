using JustScale.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Realtime;

/// <summary>Finishes a route as a server-sent event stream or a WebSocket: <c>Get("/events").Use(Auth).Sse(...)</c>.</summary>
/// <remarks>
/// The route's steps run first, as for any route: <c>.Use(Auth)</c> answers 401 and guards 403 before a stream opens. After
/// <c>.Use(Auth)</c> (as the route's last context), the connection is bound to the session: it closes within the change feed's
/// bound of the session's revocation or expiry, the user's ban or password change, on any instance; and one user may hold
/// at most <see cref="RealtimeOptions.MaxConnectionsPerUser"/> connections per route and instance (429 beyond). A stopping
/// server closes every connection.
/// </remarks>
public static class RealtimeRoutes
{
    /// <summary>Finishes the route as a server-sent event stream (<c>text/event-stream</c>); the handler sends events until <see cref="EventStream.Closed"/>.</summary>
    /// <param name="route">The route (a GET).</param>
    /// <param name="handler">Sends events; the stream ends, after the queued events, when it returns.</param>
    /// <param name="options">Heartbeats, buffer and limits; the defaults when null.</param>
    public static RouteDefinition Sse<TContext>(this Route<TContext> route, Func<TContext, EventStream, ValueTask> handler, RealtimeOptions? options = null)
        where TContext : IRequestContext
    {
        (options, var counter) = Prepare(route, handler, options);
        return route.Handle(async (TContext ctx) =>
        {
            using var scope = ConnectionScope.Open(ctx, counter);
            if (scope is null)
            {
                return;
            }

            var stream = new EventStream(ctx.HttpContext.Response, scope.Closed, options.SendBufferSize, scope.Close);
            var writer = stream.RunAsync(options.HeartbeatInterval, ctx.Services.GetService<TimeProvider>() ?? TimeProvider.System);
            try
            {
                await handler(ctx, stream).ConfigureAwait(false);
                stream.Complete();
            }
            finally
            {
                if (!writer.IsCompleted && scope.Closed.IsCancellationRequested is false && !stream.IsCompleted)
                {
                    scope.Close(); // the handler failed: stop the writer
                }

                await writer.ConfigureAwait(false);
            }
        });
    }

    /// <summary>Finishes the route as a WebSocket endpoint; a request that is no WebSocket upgrade is answered 400 <c>{"code":"websocket_required"}</c>.</summary>
    /// <remarks>The host must accept WebSockets (<c>app.UseWebSockets()</c> in a hosted app).</remarks>
    /// <param name="route">The route (a GET).</param>
    /// <param name="handler">Talks to the client until <see cref="WebSocketConnection.Closed"/> or until the client closes.</param>
    /// <param name="options">Heartbeats and limits; the defaults when null.</param>
    public static RouteDefinition WebSocket<TContext>(this Route<TContext> route, Func<TContext, WebSocketConnection, ValueTask> handler, RealtimeOptions? options = null)
        where TContext : IRequestContext
    {
        (options, var counter) = Prepare(route, handler, options);
        return route.Handle(async (TContext ctx) =>
        {
            if (!ctx.HttpContext.WebSockets.IsWebSocketRequest)
            {
                ctx.Res.Status(400).Json(new { error = "WebSocket upgrade required", code = "websocket_required" });
                return;
            }

            using var scope = ConnectionScope.Open(ctx, counter);
            if (scope is null)
            {
                return;
            }

            using var socket = await ctx.HttpContext.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = options.HeartbeatInterval }).ConfigureAwait(false);
            var connection = new WebSocketConnection(socket, scope.Closed);
            Task? closing = null;
            using (scope.Closed.Register(() => closing = connection.CloseAsync(scope.SessionEnded)))
            {
                await handler(ctx, connection).ConfigureAwait(false);
            }

            if (closing is not null)
            {
                await closing.ConfigureAwait(false);
            }
            else if (socket.State is System.Net.WebSockets.WebSocketState.Open or System.Net.WebSockets.WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
            }
        });
    }

    private static (RealtimeOptions Options, ConnectionCounter Counter) Prepare(object route, Delegate handler, RealtimeOptions? options)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new RealtimeOptions();
        options.Validate();
        return (options, new ConnectionCounter(options.MaxConnectionsPerUser));
    }
}
