using System.Net;
using System.Net.Http.Json;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;
using Microsoft.Extensions.Time.Testing;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.Security;

/// <summary>Runs the docs' auth routes with the security options over real Kestrel, behind a trusted loopback proxy so tests choose the client IP.</summary>
internal sealed class SecurityApp : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private SecurityApp(AuthTestCluster auth, HttpServer server, Counter handled)
    {
        Auth = auth;
        Server = server;
        Handled = handled;
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public AuthTestCluster Auth { get; }

    public HttpServer Server { get; }

    public HttpClient Client { get; }

    /// <summary>Gets how many login and register handlers ran (a refused request never reaches them).</summary>
    public Counter Handled { get; }

    /// <summary>Starts the app; <paramref name="sharedLimits"/> adds the PostgreSQL rate limit store (Postgres only).</summary>
    public static async Task<SecurityApp> StartAsync(StoreKind store, FakeTimeProvider time, Action<AuthOptions> configure, bool sharedLimits = false)
    {
        var handled = new Counter();
        var auth = await AuthTestCluster.CreateAsync(store, time, options =>
        {
            options.Passwords.Cost = 1024; // fast hashes: these tests are about limits and cookies, not scrypt
            configure(options);
        }, builder =>
        {
            builder.Add(Routes(handled));
            if (sharedLimits)
            {
                builder.Add(new PgRateLimitStore());
            }
        });
        try
        {
            var server = await HttpHost.Listen(auth.Cluster, new ListenOptions { Port = 0, TrustedProxies = ["127.0.0.1", "::1"] });
            return new SecurityApp(auth, server, handled);
        }
        catch
        {
            await auth.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a request as if from <paramref name="clientIp"/>, with optional body, bearer token, cookie and origin.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string clientIp = "203.0.113.1", object? body = null, string? bearer = null, string? cookie = null, string? origin = null, string? referer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", clientIp);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (bearer is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (referer is not null)
        {
            request.Headers.Add("Referer", referer);
        }

        return await Client.SendAsync(request);
    }

    public async Task<HttpStatusCode> LoginAsync(string email, string password = Password, string clientIp = "203.0.113.1")
    {
        using var response = await SendAsync(HttpMethod.Post, "/auth/login", clientIp, new { email, password });
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Auth.DisposeAsync();
    }

    private static Controller Routes(Counter handled) => Controller.Create("/", (UserService users, SessionService sessions) => new Dictionary<string, RouteDefinition>
    {
        ["register"] = Post("/auth/register").RateLimit(AuthRateLimits.Register).Handle(async ctx =>
        {
            handled.Add();
            var body = ctx.Body<Credentials>();
            var user = await users.RegisterAsync(body.Email, body.Password);
            var session = await sessions.CreateAsync(user);
            ctx.Res.Json(ctx.SetSessionCookie(session) ? new { token = (string?)null } : new { token = (string?)session.Token });
        }),
        ["login"] = Post("/auth/login").RateLimit(AuthRateLimits.Login).Handle(async ctx =>
        {
            handled.Add();
            var body = ctx.Body<Credentials>();
            var user = await users.AuthenticateAsync(body.Email, body.Password);
            if (user is null)
            {
                ctx.Res.Status(401).Json(new { error = "Invalid credentials" });
                return;
            }

            var session = await sessions.CreateAsync(user);
            ctx.Res.Json(ctx.SetSessionCookie(session) ? new { token = (string?)null } : new { token = (string?)session.Token });
        }),
        ["logout"] = Post("/auth/logout").Use(AuthMiddleware.Auth).Handle(async ctx =>
        {
            await sessions.RevokeAsync(ctx.Session.Id);
            ctx.ClearSessionCookie();
            ctx.Res.Json(new { revoked = 1 });
        }),
        ["profile"] = Get("/profile").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { email = ctx.User.Email })),
        ["rename"] = Post("/profile/name").Use(AuthMiddleware.Auth).Handle(ctx =>
        {
            handled.Add();
            ctx.Res.Json(new { renamed = ctx.User.Email });
        }),
        ["maybe"] = Post("/maybe").Use(AuthMiddleware.OptionalAuth).Handle(ctx => ctx.Res.Json(new { user = ctx.User?.Email })),
    });

    /// <summary>The login and register body.</summary>
    public sealed record Credentials(string Email, string Password);

    /// <summary>Counts handler runs across requests.</summary>
    internal sealed class Counter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }
}
