using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Auth;
using JustScale.Auth.Tokens;
using JustScale.Core;
using JustScale.Http;
using JustScale.Realtime;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Auth.Tokens.ApiKeyMiddleware;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tokens.Tests;

/// <summary>Hosts AuthFeature and TokensFeature on a <see cref="TestApp"/> (real Kestrel on a loopback port, in-memory store), with a SignalR hub,
/// a host endpoint that requires authorization, an API key route, and realtime routes.</summary>
internal sealed class TokensApp : IAsyncDisposable
{
    private TokensApp(TestApp app)
    {
        App = app;
        Http = app.CreateClient();
    }

    public TestApp App { get; }

    public Uri Url => App.Url;

    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Resolve<T>();

    public static async Task<TokensApp> StartAsync(TimeProvider? time = null, Action<TokensOptions>? tokens = null) =>
        new(await TestApp.StartAsync((cluster, _) => cluster
            .Add(InMemoryRepository.For<User>())
            .Add(InMemoryRepository.For<Session>())
            .Add(InMemoryRepository.For<SigningKey>())
            .Add(InMemoryRepository.For<UserApiKey>())
            .Add(new AuthFeature())
            .Add(new TokensFeature(tokens))
            .Add(Controller.Create("/test", () => new RouteTable
            {
                ["me"] = Get("/me").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { id = ctx.User.Id, session = ctx.Session.Id })),
                ["byKey"] = Get("/by-key").Use(ApiKey).Guard(RequireScope("test:read")).Handle(ctx => ctx.Res.Json(new { email = ctx.User.Email })),
            })), options =>
        {
            options.Time = time;
            options.Services = services => services.AddSignalR();
            options.Pipeline = app => app.UseWebSockets();
            options.Endpoints = endpoints => endpoints.MapHub<WhoamiHub>("/hub");
        }));

    /// <summary>Registers a user and returns the session token.</summary>
    public async Task<(User User, string Token, Session Session)> SignUpAsync()
    {
        var user = await Service<UserService>().RegisterAsync($"t-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        var session = await Service<SessionService>().CreateAsync(user);
        return (user, session.Token, session);
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? bearer = null, object? body = null, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<string> AccessTokenAsync(string session)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/auth/token", session);
        Assert.That(status, Is.EqualTo(System.Net.HttpStatusCode.OK));
        return body.GetProperty("accessToken").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}
