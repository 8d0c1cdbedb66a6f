using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static JustScale.Http.Routes;

namespace JustScale.Realtime.Tests;

/// <summary>Hosts realtime routes in a WebApplication on a loopback port (in-memory store): an SSE echo of ticks and a WebSocket echo, both after .Use(Auth).</summary>
internal sealed class RealtimeApp : IAsyncDisposable
{
    private RealtimeApp(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri Url => new(App.Urls.First());

    public SessionService Sessions => App.Services.GetRequiredService<SessionService>();

    public static async Task<RealtimeApp> StartAsync(RealtimeOptions options)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddJustScale(cluster => cluster
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
            })));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapJustScale();
        await app.StartAsync();
        return new RealtimeApp(app);
    }

    public async Task<(User User, Session Session)> SignUpAsync()
    {
        var user = await App.Services.GetRequiredService<UserService>().RegisterAsync($"rt-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        return (user, await Sessions.CreateAsync(user));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
