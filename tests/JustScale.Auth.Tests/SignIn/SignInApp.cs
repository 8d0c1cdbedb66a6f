using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;
using JustScale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.SignIn;

/// <summary>An ordinary ASP.NET Core app on a loopback port: <c>builder.Services.AddJustScale(...)</c> with <c>.Add&lt;AuthFeature&gt;()</c>,
/// the shipped sign-in routes at /auth, one call for the auth repositories (in memory or PostgreSQL), and <c>MapJustScale</c>.</summary>
internal sealed class SignInApp : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly TestDatabase? _database;

    private SignInApp(WebApplication app, TestDatabase? database)
    {
        App = app;
        _database = database;
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Builds and starts the app.</summary>
    /// <param name="store">In memory or a fresh PostgreSQL database.</param>
    /// <param name="time">The clock of the cluster (FakeTimeProvider in tests that move time).</param>
    /// <param name="settings">In-memory configuration keys, such as <c>JustScale:Auth:SessionTtl</c>; the low scrypt cost is added unless given.</param>
    /// <param name="endpoints">Adjusts AuthEndpointsFeature's options after <c>SignInPrefix = "/auth"</c>.</param>
    /// <param name="configure">Adjusts the host builder (an environment variable source).</param>
    /// <param name="applicationName">The host's application name; the entry assembly's when null.</param>
    public static async Task<SignInApp> StartAsync(
        StoreKind store,
        TimeProvider? time = null,
        IDictionary<string, string?>? settings = null,
        Action<AuthEndpointsOptions>? endpoints = null,
        Action<WebApplicationBuilder>? configure = null,
        string? applicationName = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = applicationName });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var keys = new Dictionary<string, string?> { ["JustScale:Auth:Passwords:Cost"] = "1024" }; // fast hashes: these tests are about routes
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            keys[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(keys);
        configure?.Invoke(builder);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var database = store == StoreKind.Postgres ? await TestPostgres.CreateDatabaseAsync("signin") : null;
        try
        {
            builder.Services.AddJustScale(cluster =>
            {
                if (database is not null)
                {
                    cluster
                        .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = database.ConnectionString, EnsureSchemaOnStart = true }))
                        .Add(new AuthRepositories(PgRepository.Factory));
                }
                else
                {
                    cluster.Add(new AuthRepositories(InMemoryRepository.Factory));
                }

                cluster
                    .Add<AuthFeature>()
                    .Add(new AuthEndpointsFeature(options =>
                    {
                        options.SignInPrefix = "/auth";
                        endpoints?.Invoke(options);
                    }))
                    .Add(Controller.Create("/notes", () => new RouteTable
                    {
                        ["mine"] = Get("/mine").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { email = ctx.User.Email })),
                    }));
            });
            var app = builder.Build();
            app.MapJustScale();
            await app.StartAsync();
            return new SignInApp(app, database);
        }
        catch
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Posts JSON (or nothing) with an optional bearer token, cookie and origin; returns status, body and Set-Cookie.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, string? SetCookie)> PostAsync(string path, object? body = null, string? bearer = null, string? cookie = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await SendAsync(request, bearer, cookie, origin);
    }

    /// <summary>Gets a path with an optional bearer token or cookie.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, string? SetCookie)> GetAsync(string path, string? bearer = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, bearer, cookie, origin: null);
    }

    /// <summary>Registers through POST /auth/register and returns the token.</summary>
    public async Task<string> RegisterAsync(string email)
    {
        var (status, body, _) = await PostAsync("/auth/register", new { email, password = Password });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body.GetProperty("token").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string? SetCookie)> SendAsync(HttpRequestMessage request, string? bearer, string? cookie, string? origin)
    {
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

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Single() : null;
        return (response.StatusCode, json, setCookie);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
