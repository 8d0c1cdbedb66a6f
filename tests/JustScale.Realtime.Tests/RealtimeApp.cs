using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using static JustScale.Http.Routes;

namespace JustScale.Realtime.Tests;

/// <summary>Hosts realtime routes on a <see cref="TestApp"/> (real Kestrel on a loopback port, in-memory store): an SSE echo of ticks and a WebSocket echo, both after .Use(Auth).</summary>
internal sealed class RealtimeApp : IAsyncDisposable
{
    private RealtimeApp(TestApp app) => App = app;

    public TestApp App { get; }

    public Uri Url => App.Url;

    public SessionService Sessions => App.Resolve<SessionService>();

    public static async Task<RealtimeApp> StartAsync(RealtimeOptions options) =>
        new(await TestApp.StartAsync((cluster, _) => cluster
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(new AuthFeature())
            .Add(Controller.Create("/rt", () => new RouteTable
            {
                ["sse"] = Get("/sse").Use(AuthMiddleware.Auth).Sse(async (ctx, stream) =>
                {
                    stream.Send("hello", new { email = ctx.User.Email });
                    for (var i = 0; int.TryParse(ctx.Query["count"], out var count) && i < count; i++)
                    {
                        stream.Send("tick", new { i }, id: i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    if (ctx.Query["end"] == "1")
                    {
                        return; // the queued events are sent, then the stream ends
                    }

                    try
                    {
                        await Task.Delay(Timeout.Infinite, stream.Closed);
                    }
                    catch (OperationCanceledException)
                    {
                        // closed
                    }
                }, options),
                ["ws"] = Get("/ws").Use(AuthMiddleware.Auth).WebSocket(async (ctx, socket) =>
                {
                    while (await socket.ReceiveTextAsync() is { } text)
                    {
                        await socket.SendTextAsync($"{ctx.User.Email}: {text}");
                    }
                }, options),
            })), app => app.Pipeline = pipeline => pipeline.UseWebSockets()));

    public async Task<(User User, Session Session)> SignUpAsync()
    {
        var user = await App.Resolve<UserService>().RegisterAsync($"rt-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        return (user, await Sessions.CreateAsync(user));
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
