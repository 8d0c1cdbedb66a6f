using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using Microsoft.Extensions.Configuration;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.SignIn;

/// <summary>An ordinary ASP.NET Core app on a loopback port: <c>builder.Services.AddJustScale(...)</c> with <c>.Add&lt;AuthFeature&gt;()</c>,
/// the shipped sign-in routes at /auth, one call for the auth repositories (in memory or PostgreSQL), and <c>MapJustScale</c>, on a <see cref="TestApp"/>.</summary>
internal sealed class SignInApp : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private SignInApp(TestApp app) => App = app;

    public TestApp App { get; }

    public HttpClient Client => App.Client;

    public T Service<T>() where T : notnull => App.Resolve<T>();

    /// <summary>Builds and starts the app.</summary>
    /// <param name="store">In memory or a fresh PostgreSQL database.</param>
    /// <param name="time">The clock of the cluster (FakeTimeProvider in tests that move time).</param>
    /// <param name="settings">In-memory configuration keys, such as <c>JustScale:Auth:SessionTtl</c>; the low scrypt cost is added unless given.</param>
    /// <param name="endpoints">Adjusts AuthEndpointsFeature's options after <c>SignInPrefix = "/auth"</c>.</param>
    /// <param name="configuration">Adds configuration sources after the settings (an environment variable source).</param>
    /// <param name="applicationName">The host's application name; the entry assembly's when null.</param>
    public static async Task<SignInApp> StartAsync(
        StoreKind store,
        TimeProvider? time = null,
        IDictionary<string, string?>? settings = null,
        Action<AuthEndpointsOptions>? endpoints = null,
        Action<IConfigurationBuilder>? configuration = null,
        string? applicationName = null)
    {
        var app = await TestApp.StartAsync((cluster, repositories) => cluster
            .Add(new AuthRepositories(repositories))
            .Add<AuthFeature>()
            .Add(new AuthEndpointsFeature(options =>
            {
                options.SignInPrefix = "/auth";
                endpoints?.Invoke(options);
            }))
            .Add(Controller.Create("/notes", () => new RouteTable
            {
                ["mine"] = Get("/mine").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { email = ctx.User.Email })),
            })), options =>
        {
            options.Store = store == StoreKind.Postgres ? TestStore.Postgres : TestStore.InMemory;
            options.Settings["JustScale:Auth:Passwords:Cost"] = "1024"; // fast hashes: these tests are about routes
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                options.Settings[key] = value;
            }

            options.Configuration = configuration;
            options.ApplicationName = applicationName;
            options.Time = time;
        });
        return new SignInApp(app);
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

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
