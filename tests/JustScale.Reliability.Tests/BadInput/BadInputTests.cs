using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JustScale.Auth;
using JustScale.Testing;

namespace JustScale.Reliability.Tests;

/// <summary>Sends the bad-input corpus (BadInputCorpus) to every route of the complete example on PostgreSQL.</summary>
/// <remarks>
/// Every answer must be a 4xx with a JSON error body, Kestrel's own 4xx for requests it cannot parse, or a 2xx where
/// the input is odd but valid (then what was stored and answered is checked); never a 5xx from JustScale, never a
/// hang or a dropped connection. Afterwards the server still serves, and the rows added are exactly those of the
/// accepted requests.
/// </remarks>
[TestFixture]
public sealed class BadInputTests
{
    private TestDatabase _database = null!;
    private InProcessExample _example = null!;
    private ApiClient _client = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _database = await TestPostgres.CreateDatabaseAsync("reliability_bad_input");
        _example = await InProcessExample.StartAsync(_database.ConnectionString, passwordQueueWait: TimeSpan.FromSeconds(60));
        _client = new ApiClient(_example.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _client.Dispose();
        await _example.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task EveryRoute_MalformedCorpus_4xxJsonErrorsNo500ServerHealthyNoPartialRows()
    {
        var victimEmail = $"victim-{Guid.NewGuid():N}@example.com";
        var token = await _client.RegisterAsync(victimEmail, name: "Victim");
        var victim = await _example.Cluster.Resolve<UserService>().FindByEmailAsync(victimEmail);
        await _example.Cluster.Resolve<UserService>().VerifyEmailAsync(victim!.Id);
        var corpus = new BadInputCorpus(token, victim.Id, _database.ConnectionString).Build();
        var routes = new BadInputCorpus(token, victim.Id, _database.ConnectionString).Routes.Select(r => r.Name).ToList();
        var rowsBefore = await Database.CountRowsAsync(_database.ConnectionString);

        var answers = new ConcurrentDictionary<BadCase, RawResponse>();
        var clock = Stopwatch.StartNew();
        using (var lanes = new SemaphoreSlim(Mode.Pick(8, 32)))
        {
            await Task.WhenAll(corpus.Select(async bad =>
            {
                await lanes.WaitAsync();
                try
                {
                    answers[bad] = await RawHttp.SendAsync(_example.Url, bad.Request, TimeSpan.FromSeconds(30), bad.CloseAfterWrite);
                }
                finally
                {
                    lanes.Release();
                }
            }));
        }

        clock.Stop();
        var failures = new List<string>();
        foreach (var bad in corpus)
        {
            var problem = await CheckAsync(bad, answers[bad]);
            if (problem is not null)
            {
                failures.Add($"{bad}: {problem}");
            }
        }

        var rowsAfter = await Database.CountRowsAsync(_database.ConnectionString);
        var expectedUsers = corpus.Sum(c => c.NewUsers);
        var expectedSessions = corpus.Sum(c => c.NewSessions);
        var healthy = await HealthCheckAsync(token);
        var statuses = string.Join(", ", answers.Values.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"));
        var groups = string.Join(", ", corpus.GroupBy(c => c.Group).Select(g => $"{g.Key} {g.Count()}"));
        Figures.Report($"{corpus.Count} bad requests ({groups}) on {routes.Count} routes in {Figures.Ms(clock.Elapsed.TotalMilliseconds)}: {statuses}; {corpus.Count(c => c.Expected == Expect.Accepted)} odd-but-valid accepted; rows +{rowsAfter.Users - rowsBefore.Users} users / +{rowsAfter.Sessions - rowsBefore.Sessions} sessions (expected +{expectedUsers} / +{expectedSessions}); healthy afterwards: {healthy}");

        Assert.That(corpus, Has.Count.GreaterThanOrEqualTo(200));
        Assert.That(routes.Where(route => corpus.Count(c => c.Route == route) < 20), Is.Empty, "a route got fewer than 20 bad requests");
        Assert.That(failures, Is.Empty, $"{failures.Count} of {corpus.Count} answers were wrong:\n" + string.Join('\n', failures)
            + "\nServer errors:\n" + string.Join('\n', _example.Errors));
        Assert.That(answers.Values.Select(a => a.Status), Has.None.GreaterThanOrEqualTo(500).And.Not.EqualTo(505));
        Assert.That(rowsAfter.Users - rowsBefore.Users, Is.EqualTo(expectedUsers), "users added by requests that were refused");
        Assert.That(rowsAfter.Sessions - rowsBefore.Sessions, Is.EqualTo(expectedSessions), "sessions added (or lost) by requests that were refused");
        Assert.That(healthy, Is.True);
        Assert.That(_example.Errors, Is.Empty, "a request ended in an unhandled exception");
    }

    /// <summary>Returns what is wrong with an answer, or null when it is what the case expects.</summary>
    private static async Task<string?> CheckAsync(BadCase bad, RawResponse answer)
    {
        if (answer.Status == 0 && bad.Status == 0)
        {
            return null; // Kestrel closes such connections without an answer, by design.
        }

        if (answer.Status <= 0)
        {
            return answer.Status == 0 ? $"connection {(answer.WasReset ? "reset" : "closed")} without an answer" : "no answer within 30 s";
        }

        if (bad.Status is { } status && answer.Status != status)
        {
            return $"status {answer.Status}, expected {status}: {Shorten(answer.Text)}";
        }

        switch (bad.Expected)
        {
            case Expect.Protocol:
                return answer.Status is >= 400 and < 500 or 505 ? null : $"status {answer.Status}";
            case Expect.Accepted:
                if (answer.Status is < 200 or >= 300)
                {
                    return $"status {answer.Status}, expected 2xx: {Shorten(answer.Text)}";
                }

                try
                {
                    if (bad.Verify is not null)
                    {
                        await bad.Verify(answer);
                    }
                }
                catch (AssertionException ex)
                {
                    return "accepted, but " + ex.Message.Trim();
                }

                return null;
            default:
                return ClientErrorProblem(bad, answer);
        }
    }

    private static string? ClientErrorProblem(BadCase bad, RawResponse answer)
    {
        if (answer.Status is < 400 or >= 500)
        {
            return $"status {answer.Status}, expected 4xx: {Shorten(answer.Text)}";
        }

        if (!answer.Headers.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/json", StringComparison.Ordinal))
        {
            return $"status {answer.Status} without a JSON body (Content-Type {type ?? "none"}, {answer.Body.Length} bytes)";
        }

        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var errors = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var es) && es.ValueKind == JsonValueKind.Object;
            if (error is null && !errors)
            {
                return $"JSON without an error: {Shorten(answer.Text)}";
            }

            return bad.Error is not null && error != bad.Error ? $"error \"{error}\", expected \"{bad.Error}\"" : null;
        }
        catch (JsonException)
        {
            return $"body is not JSON: {Shorten(answer.Text)}";
        }
    }

    /// <summary>Checks that the server still serves: the victim's session works, a new user registers and logs in.</summary>
    private async Task<bool> HealthCheckAsync(string victimToken)
    {
        var email = $"after-{Guid.NewGuid():N}@example.com";
        var profile = await _client.GetAsync("/profile", victimToken);
        var registered = await _client.PostAsync("/auth/register", new { email, password = ApiClient.Password });
        var login = await _client.PostAsync("/auth/login", new { email, password = ApiClient.Password });
        return profile.Status == HttpStatusCode.OK && registered.Status == HttpStatusCode.OK && login.Status == HttpStatusCode.OK
            && (await _client.GetAsync("/feed")).Status == HttpStatusCode.OK;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
