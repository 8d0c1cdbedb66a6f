using System.Net;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>Runs two example processes on one PostgreSQL database: sessions made on one work on the other, and a
/// revocation on one is refused by the other on its very next request (the maker never answered the token, so it has
/// nothing cached; a revocation of a cached session is SessionCacheRestartTests' and CompleteExampleCacheProcessTests' case).</summary>
/// <remarks>Both start at the same moment, so both create the schema at once. Rate limits are off (every request comes
/// from one address); that the two share one limit is tested by the example's own tests (SharedRateLimitTests).</remarks>
[TestFixture]
public sealed class TwoInstanceTests
{
    private TestDatabase _database = null!;
    private ExampleProcess _a = null!;
    private ExampleProcess _b = null!;
    private ApiClient _clientA = null!;
    private ApiClient _clientB = null!;

    [OneTimeSetUp]
    public async Task StartInstances()
    {
        _database = await TestPostgres.CreateDatabaseAsync("reliability_instances");
        var started = await Task.WhenAll(
            ExampleProcess.StartAsync(_database.ConnectionString, "--rate-limits", "off"),
            ExampleProcess.StartAsync(_database.ConnectionString, "--rate-limits", "off"));
        (_a, _b) = (started[0], started[1]);
        _clientA = new ApiClient(_a.Url);
        _clientB = new ApiClient(_b.Url);
    }

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        _clientA?.Dispose();
        _clientB?.Dispose();
        foreach (var instance in new[] { _a, _b })
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        await _database.DisposeAsync();
    }

    [Test]
    public async Task Token_MadeOnOneInstance_WorksOnTheOtherAndRevocationIsRefusedOnItsNextRequest()
    {
        var rounds = Mode.Pick(10, 100);
        var email = $"twice-{Guid.NewGuid():N}@example.com";
        var first = await _clientA.RegisterAsync(email);
        var onB = await _clientB.GetAsync("/profile", first);
        var failures = new List<string>();

        for (var round = 0; round < rounds; round++)
        {
            // Alternate: the token is made on one instance, used and revoked on the other, then refused where it was made.
            var (maker, other) = round % 2 == 0 ? (_clientA, _clientB) : (_clientB, _clientA);
            var token = await maker.LoginAsync(email);
            var used = await other.GetAsync("/profile", token);
            var revoked = await other.PostAsync("/auth/logout", token: token);
            var afterOther = await maker.GetAsync("/profile", token);
            var afterSame = await other.GetAsync("/admin", token);
            if (used.Code != 200 || revoked.Code != 200 || afterOther.Code != 401 || afterSame.Code != 401)
            {
                failures.Add($"round {round}: used {used.Code}, revoked {revoked.Code}, then {afterOther.Code} on the maker, {afterSame.Code} on the revoker");
            }
        }

        // Logout everywhere on B: every session of the user is refused on A at once.
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add(await (i % 2 == 0 ? _clientA : _clientB).LoginAsync(email));
        }

        var all = await _clientB.PostAsync("/auth/logout-all", token: tokens[0]);
        var afterAll = await Task.WhenAll(tokens.Append(first).Select(t => _clientA.GetAsync("/profile", t)));

        Figures.Report($"two processes on one database: {rounds} rounds of make/use/revoke across instances, {failures.Count} wrong; logout-all on B revoked {all.Json.GetProperty("revoked").GetInt32()}, A then refused {afterAll.Count(a => a.Code == 401)} of {afterAll.Length}");
        Assert.That(onB.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(onB.Json.GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(failures, Is.Empty);
        Assert.That(all.Json.GetProperty("revoked").GetInt32(), Is.EqualTo(4));
        Assert.That(afterAll.Select(a => a.Error), Has.All.EqualTo("Invalid or expired session"));
        Assert.That(_a.IsAlive && _b.IsAlive, Is.True);
    }

    [Test]
    public async Task Register_SameEmailOnBothInstancesAtOnce_ExactlyOneUserOthers409OrShed503()
    {
        var each = Mode.Pick(25, 100);
        var email = $"both-{Guid.NewGuid():N}@example.com";

        var answers = await Burst.RunAsync(each * 2, i => (i % 2 == 0 ? _clientA : _clientB).PostAsync("/auth/register", new { email, password = ApiClient.Password }));

        var rows = await Database.ScalarAsync<long>(_database.ConnectionString, "SELECT count(*) FROM users WHERE email = $1", email);
        var winner = answers.Select((a, i) => (a, i)).Where(x => x.a.Code == 200).Select(x => x.i % 2 == 0 ? "A" : "B").ToList();
        var shed = answers.Where(a => a.Code == 503).ToList();
        Figures.Report($"{each} registrations of one email on each of two processes at once: {answers.Count(a => a.Code == 200)} x 200 (on {string.Join(", ", winner)}), {answers.Count(a => a.Code == 409)} x 409, {shed.Count} x 503 overloaded, {rows} row");

        // The processes keep AuthFeature's 3 s wait for a scrypt slot: on a loaded machine some registrations are shed.
        Assert.That(answers.Select(a => a.Code), Has.All.AnyOf(200, 409, 503));
        Assert.That(shed.Select(a => a.Json.GetProperty("code").GetString()), Has.All.EqualTo("overloaded"));
        Assert.That(shed.Select(a => a.RetryAfter), Has.All.Not.Null);
        Assert.That(answers.Count(a => a.Code == 200), Is.EqualTo(1));
        Assert.That(rows, Is.EqualTo(1));
        Assert.That((await _clientB.PostAsync("/auth/login", new { email, password = ApiClient.Password })).Code, Is.EqualTo(200));
        Assert.That((await _clientA.PostAsync("/auth/login", new { email, password = ApiClient.Password })).Code, Is.EqualTo(200));
    }
}
