using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static JustScale.Auth.AuthMiddleware;
using static JustScale.Http.Routes;

namespace ExistingApi;

/// <summary>docs/getting-started.md, "Add JustScale to an existing ASP.NET Core API", as written: the host's own OpenAPI
/// document, the shipped sign-in routes, a typed PATCH, settings from the host's configuration, and the start refusing a
/// controller that captures a scoped service.</summary>
[TestFixture]
public sealed class ExistingApiTests
{
    private const string Password = "correct horse battery staple";

    public sealed record IdParam(Guid Id);

    public sealed record NoteBody(string Text);

    public sealed record NoteOut(Guid Id, string Text, string Owner, DateTimeOffset UpdatedAt);

    private static readonly Controller Notes = Controller.Create("/notes", () => new RouteTable
    {
        ["rename"] = Patch("/:id").Use(Auth).Params<IdParam>().Body<NoteBody>().Returns<NoteOut>()
            .Handle(ctx => ctx.Res.Json(new NoteOut(ctx.Params.Id, ctx.Body.Text, ctx.User.Email, DateTimeOffset.UtcNow))),
    });

    [Test]
    public async Task ExistingApi_ShippedRoutesAndTypedPatch_RegisterLoginPatchLogout()
    {
        await using var app = await StartAsync();
        using var http = Client(app);
        using var registered = await http.PostAsJsonAsync("/auth/register", new { email = "ada@example.com", password = Password });
        var token = await LoginAsync(http, "ada@example.com");
        var note = Guid.CreateVersion7();
        using var patched = await PatchAsync(http, token, note, "groceries");
        var body = JsonDocument.Parse(await patched.Content.ReadAsStringAsync()).RootElement;
        using var loggedOut = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/auth/logout") { Headers = { Authorization = new("Bearer", token) } });
        using var after = await PatchAsync(http, token, note, "again");
        using var badId = await PatchAsync(http, await LoginAsync(http, "ada@example.com"), null, "x");

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("id").GetGuid(), Is.EqualTo(note), "ctx.Params");
        Assert.That(body.GetProperty("text").GetString(), Is.EqualTo("groceries"), "ctx.Body");
        Assert.That(body.GetProperty("owner").GetString(), Is.EqualTo("ada@example.com"), "ctx.User");
        Assert.That(loggedOut.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(badId.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task ExistingApi_WrongPasswordsFromOneAddress_MeetA429WithinTwentyFive()
    {
        await using var app = await StartAsync();
        using var http = Client(app);
        using var registered = await http.PostAsJsonAsync("/auth/register", new { email = "bob@example.com", password = Password });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            using var response = await http.PostAsJsonAsync("/auth/login", new { email = "bob@example.com", password = $"wrong password {i}" });
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses[0], Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses, Does.Contain(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task ExistingApi_SessionTtlFromTheHostsConfiguration_EndsTheSessionAfterItsTtl()
    {
        // The same binder reads JustScale__Auth__SessionTtl from the environment; a command-line value keeps parallel tests apart.
        // 5 s: the first request must come before the end even when a loaded machine stalls the test for a second or two.
        await using var app = await StartAsync("--JustScale:Auth:SessionTtl", "00:00:05");
        using var http = Client(app);
        using var registered = await http.PostAsJsonAsync("/auth/register", new { email = "cy@example.com", password = Password });
        var token = await LoginAsync(http, "cy@example.com");
        var since = TimeProvider.System.GetTimestamp();
        using var fresh = await PatchAsync(http, token, Guid.CreateVersion7(), "now");
        var status = fresh.StatusCode;
        while (status == HttpStatusCode.OK && TimeProvider.System.GetElapsedTime(since) < TimeSpan.FromSeconds(30)) // the default TTL is days
        {
            await Task.Delay(100);
            using var again = await PatchAsync(http, token, Guid.CreateVersion7(), "later");
            status = again.StatusCode;
        }

        var ended = TimeProvider.System.GetElapsedTime(since);
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "the 5 s session ended");
        TestContext.Progress.WriteLine($"the 5 s session was refused {ended.TotalMilliseconds:F0} ms after the login's answer");
        if (LatencyBound.EverySample)
        {
            Assert.That(ended, Is.LessThan(TimeSpan.FromSeconds(6)), "ended within a second of its TTL (JUSTSCALE_RELIABILITY=full)");
        }
    }

    [Test]
    public async Task ExistingApi_HostsOpenApiDocument_ListsJustScaleRoutesWithDateTimes()
    {
        await using var app = await StartAsync();
        using var http = Client(app);
        var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(paths, Is.SupersetOf(new[] { "/notes/{id}", "/auth/register", "/auth/login", "/auth/logout", "/account/me" }));
        Assert.That(document.GetRawText(), Does.Contain("\"format\":\"date-time\"").Or.Contain("\"format\": \"date-time\""));
    }

    [Test]
    public void ExistingApi_ControllerCapturingAScopedService_RefusedAtStartInProductionNamingIt()
    {
        var audit = Controller.Create("/audit", (AuditDb db) => new RouteTable { ["list"] = Get("/").Handle(ctx => ctx.Res.Json(db.Id)) });
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Services.AddScoped<AuditDb>();
        builder.Services.AddJustScale(cluster => cluster.Add(audit));

        var error = Assert.Catch(() =>
        {
            var app = builder.Build();
            app.MapJustScale();
        })!;

        Assert.That(error.Message, Does.Contain("AuditDb").And.Contain("ctx.Services"));
    }

    private static async Task<WebApplication> StartAsync(params string[] settings)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--JustScale:Auth:Passwords:Cost", "1024", .. settings];

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOpenApi();                                    // the host's own document, now with JustScale's routes
        builder.Services.AddJustScale(cluster => cluster
            .Add(new AuthRepositories(InMemoryRepository.Factory))        // or PgRepository.Factory on PostgreSQL
            .Add<AuthFeature>()                                           // settings: JustScale:Auth (appsettings, environment)
            .Add(new AuthEndpointsFeature(o => o.SignInPrefix = "/auth")) // /auth/register, /auth/login, /auth/logout; /account
            .Add(Notes));
        var app = builder.Build();
        app.MapOpenApi();                                                 // /openapi/v1.json
        app.MapJustScale();

        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };

    private static async Task<string> LoginAsync(HttpClient http, string email)
    {
        using var response = await http.PostAsJsonAsync("/auth/login", new { email, password = Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient http, string token, Guid? id, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/notes/{id?.ToString() ?? "not-a-guid"}")
        {
            Content = JsonContent.Create(new { text }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
        return http.SendAsync(request);
    }

    private sealed class AuditDb
    {
        public Guid Id { get; } = Guid.CreateVersion7();
    }
}
