using System.Net;
using System.Text.Json;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Http;
using JustScale.Postgres;
using Microsoft.Extensions.Time.Testing;
using static JustScale.Http.Routes;

namespace JustScale.Auth.Tests.Audit;

/// <summary>Tests the audit trail on both stores, over real Kestrel: what is recorded (and only with its change), from where,
/// by whom, and the two routes with their paging and filters.</summary>
[TestFixture(StoreKind.InMemory)]
[TestFixture(StoreKind.Postgres)]
public sealed class AuditTrailTests(StoreKind store)
{
    private const string Password = "correct horse battery staple";
    private const string Agent = "AuditTests/1.0";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);
    private AuthTestCluster _auth = null!;
    private HttpServer _server = null!;
    private HttpClient _http = null!;

    private static Controller TestController { get; } = Controller.Create("/test", (UserService users, SessionService sessions) => new RouteTable
    {
        ["login"] = Post("/login").Handle(async ctx =>
        {
            var user = await users.AuthenticateAsync(ctx.Query["email"].ToString(), ctx.Query["password"].ToString(), ctx.RequestAborted);
            ctx.Res.Json(new { ok = user is not null });
        }),
        ["revokeOthers"] = Post("/revoke-others").Use(AuthMiddleware.Auth).Handle(async ctx =>
            ctx.Res.Json(new { revoked = await sessions.RevokeOthersAsync(ctx.User, ctx.Session.Id, ctx.RequestAborted) })),
        ["ban"] = Post("/ban/:userId").Use(AuthMiddleware.Auth).Guard(AuthGuards.RequireRole(UserRoles.Admin)).Handle(async ctx =>
            ctx.Res.Json(new { banned = await users.BanAsync(Guid.Parse(ctx.Params["userId"]!), "test", null, ctx.RequestAborted) })),
    });

    private AuditLog Log => _auth.Cluster.Resolve<AuditLog>();

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _auth = await AuthTestCluster.CreateAsync(store, _time, options => options.Admins = ["admin@example.com"], builder =>
        {
            builder.Add(store == StoreKind.Postgres
                ? PgRepository.Create(PgModel.Create<AuditEntry>(new PgModelOptions { Table = "audit_events" }))
                : InMemoryRepository.For<AuditEntry>());
            builder.Add(new AuditFeature(audit => audit.Retention = TimeSpan.FromDays(30))).Add(TestController);
        });
        _server = await HttpHost.Listen(_auth.Cluster, new ListenOptions { Port = 0 });
        _http = new HttpClient { BaseAddress = _server.Url };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(Agent);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _auth.DisposeAsync();
    }

    [Test]
    public async Task Login_OverHttp_RecordsFailureAndSuccessWithIpAndAgent()
    {
        var user = await _auth.Users.RegisterAsync("ada@example.com", Password);
        _time.Advance(TimeSpan.FromSeconds(1));
        await PostAsync("/test/login?email=ada@example.com&password=wrong");
        _time.Advance(TimeSpan.FromSeconds(1));
        await PostAsync($"/test/login?email=ada@example.com&password={Uri.EscapeDataString(Password)}");
        await PostAsync("/test/login?email=nobody@example.com&password=wrong");

        var page = await Log.ListAsync(new AuditQuery { UserId = user.Id });
        Assert.That(page.Items.Select(e => e.Type), Is.EqualTo(new[] { "auth.login_succeeded", "auth.login_failed", "auth.registered" }));
        var (succeeded, failed, registered) = (page.Items[0], page.Items[1], page.Items[2]);
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.OccurredAt, Is.EqualTo(Start.AddSeconds(2)));
            Assert.That(failed.OccurredAt, Is.EqualTo(Start.AddSeconds(1)));
            Assert.That(failed.IpAddress, Is.EqualTo("127.0.0.1"));
            Assert.That(failed.UserAgent, Is.EqualTo(Agent));
            Assert.That(succeeded.IpAddress, Is.EqualTo("127.0.0.1"));
            Assert.That(registered.IpAddress, Is.Null, "registered by a service call, outside any request");
            Assert.That(succeeded.ActorId, Is.Null);
        });
        var unknown = await Log.ListAsync(new AuditQuery { Type = "auth.login_failed" });
        Assert.That(unknown.Items.Count(e => e.UserId is null), Is.EqualTo(1), "an unknown email is recorded without a user");
    }

    [Test]
    public async Task Change_RolledBack_LeavesNoEntry()
    {
        var user = await _auth.Users.RegisterAsync("ada@example.com", Password);
        var unitOfWork = _auth.Cluster.Resolve<IUnitOfWork>();
        await using (await unitOfWork.BeginAsync())
        {
            Assert.That(await _auth.Users.DisableAsync(user.Id), Is.True);
            // disposed without committing: the disable and its entry roll back together
        }

        Assert.That((await _auth.Users.FindByIdAsync(user.Id))!.DisabledAt, Is.Null);
        var types = (await Log.ListAsync(new AuditQuery { UserId = user.Id })).Items.Select(e => e.Type);
        Assert.That(types, Is.EqualTo(new[] { "auth.registered" }));
    }

    [Test]
    public async Task AdminAction_OverHttp_RecordsTheAdminAsActor()
    {
        var admin = await _auth.Users.RegisterAsync("admin@example.com", Password);
        var adminSession = await _auth.Sessions.CreateAsync(admin);
        var user = await _auth.Users.RegisterAsync("ada@example.com", Password);

        var (status, _) = await PostAsync($"/test/ban/{user.Id}", adminSession.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var banned = (await Log.ListAsync(new AuditQuery { UserId = user.Id, Type = "auth.user_banned" })).Items.Single();
        Assert.That(banned.ActorId, Is.EqualTo(admin.Id));
        var revoked = (await Log.ListAsync(new AuditQuery { UserId = admin.Id, Type = "auth.session_created" })).Items.Single();
        Assert.That(revoked.ActorId, Is.Null, "the admin's own session is their own act");
    }

    [Test]
    public async Task Activity_OverHttp_ListsOnlyOwnEventsNewestFirstPagedByCursor()
    {
        var ada = await _auth.Users.RegisterAsync("ada@example.com", Password);
        var session = await _auth.Sessions.CreateAsync(ada);
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await _auth.Sessions.CreateAsync(ada);
        }

        await _auth.Users.RegisterAsync("bob@example.com", Password);
        var (status, revoke) = await PostAsync("/test/revoke-others", session.Token);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), revoke.ToString());

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (pageStatus, page) = await GetAsync("/account/activity?limit=3" + (cursor is null ? "" : "&cursor=" + cursor), session.Token);
            Assert.That(pageStatus, Is.EqualTo(HttpStatusCode.OK), page.ToString());
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen.Select(e => e.GetProperty("type").GetString()),
            Is.EqualTo(new[] { "auth.session_revoked" }.Concat(Enumerable.Repeat("auth.session_created", 5)).Append("auth.registered")));
        Assert.That(seen.Select(e => e.GetProperty("id").GetGuid()).Distinct().Count(), Is.EqualTo(7));
        Assert.That(seen.All(e => e.GetProperty("userId").GetGuid() == ada.Id), Is.True);
        var times = seen.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.That(times, Is.Ordered.Descending);
        Assert.That(seen[0].GetProperty("count").GetInt32(), Is.EqualTo(4));
        Assert.That(seen[0].GetProperty("userAgent").GetString(), Is.EqualTo(Agent));
    }

    [Test]
    public async Task Routes_BadInput_AnswerClear400s()
    {
        var ada = await _auth.Users.RegisterAsync("ada@example.com", Password);
        var token = (await _auth.Sessions.CreateAsync(ada)).Token;

        Assert.That(await CodeOf("/account/activity?cursor=nonsense", token), Is.EqualTo("invalid_cursor"));
        Assert.That(await CodeOf("/account/activity?limit=0", token), Is.EqualTo("invalid_limit"));
        Assert.That(await CodeOf("/account/activity?type=auth.nothing", token), Is.EqualTo("invalid_type"));
        Assert.That((await GetAsync("/account/activity")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AdminAudit_FiltersByUserTypeAndTime_ForAdminsOnly()
    {
        var admin = await _auth.Users.RegisterAsync("admin@example.com", Password);
        var adminToken = (await _auth.Sessions.CreateAsync(admin)).Token;
        var ada = await _auth.Users.RegisterAsync("ada@example.com", Password);
        var adaToken = (await _auth.Sessions.CreateAsync(ada)).Token;
        _time.Advance(TimeSpan.FromHours(1));
        await _auth.Users.SetRolesAsync(ada.Id, ["editor"]);

        Assert.That((await GetAsync("/admin/audit", adaToken)).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        var (status, all) = await GetAsync($"/admin/audit?userId={ada.Id}", adminToken);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), all.ToString());
        Assert.That(Types(all), Is.EqualTo(new[] { "auth.roles_changed", "auth.session_created", "auth.registered" }));
        var (_, typed) = await GetAsync("/admin/audit?type=auth.registered", adminToken);
        Assert.That(typed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("userId").GetGuid()), Is.EquivalentTo(new[] { admin.Id, ada.Id }));
        var from = Uri.EscapeDataString(Start.AddMinutes(30).ToString("O"));
        var (_, recent) = await GetAsync($"/admin/audit?userId={ada.Id}&from={from}", adminToken);
        Assert.That(Types(recent), Is.EqualTo(new[] { "auth.roles_changed" }));
        var (_, early) = await GetAsync($"/admin/audit?userId={ada.Id}&to={from}", adminToken);
        Assert.That(Types(early), Is.EqualTo(new[] { "auth.session_created", "auth.registered" }));
        Assert.That(await CodeOf("/admin/audit?userId=abc", adminToken), Is.EqualTo("invalid_user_id"));
        Assert.That(await CodeOf("/admin/audit?from=yesterday", adminToken), Is.EqualTo("invalid_from"));
    }

    [Test]
    public async Task Sweep_OlderThanRetention_DeletesOnlyThose()
    {
        var ada = await _auth.Users.RegisterAsync("ada@example.com", Password);
        _time.Advance(TimeSpan.FromDays(20));
        await _auth.Sessions.CreateAsync(ada);
        _time.Advance(TimeSpan.FromDays(15)); // the registration is 35 days old, the session 15

        // The running sweeper may have swept already (the fake clock passed its interval); a sweep now finds the same state.
        await _auth.Cluster.Resolve<AuditRetentionSweeper>().SweepAsync(CancellationToken.None);

        Assert.That((await Log.ListAsync(new AuditQuery { UserId = ada.Id })).Items.Select(e => e.Type), Is.EqualTo(new[] { "auth.session_created" }));
    }

    private static IEnumerable<string?> Types(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString());

    private async Task<string?> CodeOf(string path, string token)
    {
        var (status, body) = await GetAsync(path, token);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body.ToString());
        return body.GetProperty("code").GetString();
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string? token = null) => SendAsync(HttpMethod.Post, path, token);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
