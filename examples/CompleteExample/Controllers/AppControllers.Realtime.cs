using JustScale.Http;
using JustScale.Realtime;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace CompleteExample.Controllers;

/// <content>GET /events: the signed-in user's auth events as server-sent events, closed when the session ends.</content>
public static partial class AppControllers
{
    /// <summary>Streams the signed-in user's auth events (<c>text/event-stream</c>); 401 without a session, closed within the change feed's bound of its logout.</summary>
    public static Controller EventsController { get; } = Controller.Create("/events",
        (AuthEventStreams events) => new Dictionary<string, RouteDefinition>
        {
            ["stream"] = Get("/").Use(Auth).Sse(async (ctx, stream) =>
            {
                stream.Send("hello", new { userId = ctx.User.Id, sessionId = ctx.Session.Id });
                using var subscription = events.Subscribe(ctx.User.Id, e => stream.Send("auth", new { kind = e.Kind.ToString(), at = e.At, sessionId = e.SessionId }));
                try
                {
                    await Task.Delay(Timeout.Infinite, stream.Closed); // until the client leaves, the server stops or the session ends
                }
                catch (OperationCanceledException)
                {
                    // closed
                }
            }),
        });
}
