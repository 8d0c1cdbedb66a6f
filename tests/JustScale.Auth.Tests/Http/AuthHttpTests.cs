using System.Net;
using System.Net.Http.Headers;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using Microsoft.Extensions.Time.Testing;
using static JustScale.Auth.AuthGuards;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.Http;

/// <summary>Tests the Bearer middleware and the guards over real Kestrel, with a fake clock for expiry.</summary>
/// <remarks>Inside a JustScale.* namespace the simple name Auth means the namespace, so these tests write AuthMiddleware.Auth.</remarks>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class AuthHttpTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);
    private AuthTestCluster _auth = null!;
    private HttpServer _server = null!;
    private HttpClient _http = null!;

    private static Controller TestController { get; } = Controller.Create("/", () => new Dictionary<string, RouteDefinition>
    {
        ["me"] = Get("/me").Use(AuthMiddleware.Auth).Handle(ctx => ctx.Res.Json(new { id = ctx.User.Id, session = ctx.Session.Id })),
        ["maybe"] = Get("/maybe").Use(AuthMiddleware.OptionalAuth).Handle(ctx => ctx.Res.Json(new { anonymous = ctx.User is null })),
        ["admin"] = Get("/admin").Use(AuthMiddleware.Auth).Guard(RequireAuth).Handle(ctx => ctx.Res.Json(new { ok = true })),
        ["verified"] = Get("/verified").Use(AuthMiddleware.Auth).Guard(RequireVerifiedEmail).Handle(ctx => ctx.Res.Json(new { ok = true })),
        ["self"] = Get("/users/:userId").Use(AuthMiddleware.Auth).Guard(RequireSelf("userId")).Handle(ctx => ctx.Res.Json(new { ok = true })),
    });

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _auth = await AuthTestCluster.CreateAsync(store, _time, compose: builder => builder.Add(TestController));
        _server = await HttpHost.Listen(_auth.Cluster, new ListenOptions { Port = 0 });
        _http = new HttpClient { BaseAddress = _server.Url };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _auth.DisposeAsync();
    }

    private async Task<(User User, Session Session)> LoginAsync(string email = "ada@example.com")
    {
        var user = await _auth.Users.RegisterAsync(email, Password);
        return (user, await _auth.Sessions.CreateAsync(user));
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Auth_ValidToken_AddsUserAndSession()
    {
        var (user, session) = await LoginAsync();

        var (status, body) = await GetAsync("/me", "Bearer " + session.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain(user.Id.ToString()).And.Contain(session.Id.ToString()));
    }

    [TestCase(null, "Missing Authorization header")]
    [TestCase("", "Missing Authorization header")]
    [TestCase("Basic YWRhOnB3", "Expected Bearer token")]
    [TestCase("bearer 0123", "Expected Bearer token")]
    [TestCase("Bearer", "Expected Bearer token")]
    [TestCase("Bearer  abc", "Invalid or expired session")]
    [TestCase("Bearer ' OR 1=1 --", "Invalid or expired session")]
    public async Task Auth_BadHeader_401WithTheOriginalMessage(string? header, string message)
    {
        var (status, body) = await GetAsync("/me", header);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body, Is.EqualTo($"{{\"error\":\"{message}\"}}"));
    }

    [Test]
    public async Task Auth_UppercasedOrTamperedToken_401()
    {
        var (_, session) = await LoginAsync();
        var tampered = session.Token[..^1] + (session.Token[^1] == '0' ? '1' : '0');

        Assert.That((await GetAsync("/me", "Bearer " + session.Token.ToUpperInvariant())).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await GetAsync("/me", "Bearer " + tampered)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await GetAsync("/me", "Bearer " + session.Token)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Auth_ExpiredSession_401AndRowDeleted()
    {
        var (_, session) = await LoginAsync();
        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromTicks(10));
        Assert.That((await GetAsync("/me", "Bearer " + session.Token)).Status, Is.EqualTo(HttpStatusCode.OK));

        _time.Advance(TimeSpan.FromTicks(10));
        var (status, body) = await GetAsync("/me", "Bearer " + session.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid or expired session"}"""));
        Assert.That(await _auth.SessionRepository.GetAsync(session.Id), Is.Null);
    }

    [Test]
    public async Task Auth_RevokedSession_401()
    {
        var (_, session) = await LoginAsync();
        await _auth.Sessions.RevokeAsync(session.Id);

        Assert.That((await GetAsync("/me", "Bearer " + session.Token)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Auth_DisabledUser_401SameAsInvalid()
    {
        var (user, session) = await LoginAsync();
        await _auth.Users.DisableAsync(user.Id);

        var (status, body) = await GetAsync("/me", "Bearer " + session.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid or expired session"}"""));
    }

    [Test]
    public async Task Auth_ManyRequestsWithinInterval_LastActiveWrittenOnce()
    {
        var (_, session) = await LoginAsync();
        _time.Advance(TimeSpan.FromMinutes(2));

        for (var i = 0; i < 5; i++)
        {
            await GetAsync("/me", "Bearer " + session.Token);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.That((await _auth.SessionRepository.GetAsync(session.Id))!.LastActiveAt, Is.EqualTo(Start.AddMinutes(2)));
        Assert.That((await _auth.SessionRepository.GetAsync(session.Id))!.ExpiresAt, Is.EqualTo(Start.AddDays(7)));
    }

    [Test]
    public async Task Auth_OnPostgres_OneDatabaseCommandPerRequestWithinTouchInterval()
    {
        if (store != StoreKind.Postgres)
        {
            Assert.Ignore("Counts PostgreSQL commands.");
        }

        var (_, session) = await LoginAsync();
        var commands = 0;

        // Only the commands on this test's own database: the other fixtures run in parallel, and their commands (and any change
        // feed's proofs) pass the same process-wide listener; on a loaded machine the request is slow enough to overlap them.
        var database = new Npgsql.NpgsqlConnectionStringBuilder(_auth.ConnectionString).Database;
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.DisplayName == database || activity.TagObjects.Any(tag => Equals(tag.Value, database)))
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        var (status, _) = await GetAsync("/me", "Bearer " + session.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(commands, Is.EqualTo(1));
    }

    [Test]
    public async Task OptionalAuth_AnyHeader_NeverFails()
    {
        var (_, session) = await LoginAsync();

        Assert.That((await GetAsync("/maybe")).Body, Is.EqualTo("""{"anonymous":true}"""));
        Assert.That((await GetAsync("/maybe", "Bearer nonsense")).Body, Is.EqualTo("""{"anonymous":true}"""));
        Assert.That((await GetAsync("/maybe", "Basic abc")).Body, Is.EqualTo("""{"anonymous":true}"""));
        Assert.That((await GetAsync("/maybe", "Bearer " + session.Token)).Body, Is.EqualTo("""{"anonymous":false}"""));
    }

    [Test]
    public async Task Guards_RequireAuthAndVerifiedEmail_AllowOrForbid()
    {
        var (user, session) = await LoginAsync();
        var bearer = "Bearer " + session.Token;

        Assert.That((await GetAsync("/admin", bearer)).Status, Is.EqualTo(HttpStatusCode.OK));
        var (status, body) = await GetAsync("/verified", bearer);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(body, Is.EqualTo("""{"error":"Forbidden"}"""));

        await _auth.Users.VerifyEmailAsync(user.Id);
        Assert.That((await GetAsync("/verified", bearer)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RequireSelf_OtherUsersIdOrGarbage_Forbidden()
    {
        var (ada, adaSession) = await LoginAsync();
        var (bob, _) = await LoginAsync("bob@example.com");
        var bearer = "Bearer " + adaSession.Token;

        Assert.That((await GetAsync($"/users/{ada.Id}", bearer)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync($"/users/{bob.Id}", bearer)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await GetAsync("/users/not-a-uuid", bearer)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await GetAsync($"/users/{bob.Id}")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Logs_AfterAuthenticatedRequests_HoldNoTokenOrDigest()
    {
        var (_, session) = await LoginAsync();
        await GetAsync("/me", "Bearer " + session.Token);
        await GetAsync("/me", "Bearer " + session.Token.ToUpperInvariant());
        var digest = (await _auth.SessionRepository.GetAsync(session.Id))!.Token;

        Assert.That(_auth.LogLines, Is.Not.Empty);
        Assert.That(_auth.LogLines, Has.None.Contains(session.Token));
        Assert.That(_auth.LogLines, Has.None.Contains(session.Token.ToUpperInvariant()));
        Assert.That(_auth.LogLines, Has.None.Contains(digest));
    }
}
