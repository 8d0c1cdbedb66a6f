using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Examples.Tests.Tokens;

/// <summary>Runs two complete-example processes on one PostgreSQL database: access tokens (verified by node's jose against the
/// JWKS, refused by the other process after a logout), API keys (hashed, scoped, revoked at once), GET /events (closed on
/// logout elsewhere) and the host's GET /aspnet/whoami.</summary>
[TestFixture]
public sealed class CompleteExampleTokensProcessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1); // LatencyBound: the median, every sample in the full form; the 100 ms goal is reported
    private TestDatabase _database = null!;
    private ExampleProcess _a = null!;
    private ExampleProcess _b = null!;
    private ApiClient _clientA = null!;
    private ApiClient _clientB = null!;
    private HttpClient _raw = null!;
    private string _email = null!;
    private string _userId = null!;

    [OneTimeSetUp]
    public async Task StartInstances()
    {
        _database = await TestPostgres.CreateDatabaseAsync("tokens_processes");
        _a = await ExampleProcess.StartAsync(_database.ConnectionString, "--rate-limits", "off"); // creates the tables first
        _b = await ExampleProcess.StartAsync(_database.ConnectionString, "--rate-limits", "off");
        _clientA = new ApiClient(_a.Url);
        _clientB = new ApiClient(_b.Url);
        _raw = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _email = $"tokens-{Guid.NewGuid():N}@example.com";
        var token = await _clientA.RegisterAsync(_email);
        _userId = (await _clientA.GetAsync("/account/me", token)).Body.GetProperty("id").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopInstances()
    {
        _raw?.Dispose();
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
    public async Task AccessToken_FromA_VerifiesWithNodeJoseAgainstJwksOfB()
    {
        if (!NodeJose.IsInstalled)
        {
            Assert.That(Environment.GetEnvironmentVariable("CI"), Is.Null.Or.Empty, "node and tests/node-jose/node_modules must be installed in CI (.ci/run)");
            Assert.Ignore("node or jose is not installed: cd tests/node-jose && npm ci");
        }

        var session = await _clientA.LoginAsync(_email);
        var (status, body) = await _clientA.PostAsync("/auth/token", token: session);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var accessToken = body.GetProperty("accessToken").GetString()!;
        Assert.That(body.GetProperty("expiresIn").GetInt32(), Is.InRange(1, 900));

        var verified = await NodeJose.VerifyAsync(new Uri(_b.Url, "/.well-known/jwks.json"), accessToken, "justscale", "justscale");
        Assert.That(verified.GetProperty("ok").GetBoolean(), Is.True, verified.ToString());
        Assert.That(verified.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
        var payload = verified.GetProperty("payload");
        Assert.That(payload.GetProperty("sub").GetString(), Is.EqualTo(_userId));
        Assert.That(payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64(), Is.InRange(1, 900));
        Assert.That(payload.TryGetProperty("sid", out _), Is.True);

        var tampered = accessToken[..^4] + (accessToken[^4] == 'A' ? "B" : "A") + accessToken[^3..];
        var refused = await NodeJose.VerifyAsync(new Uri(_b.Url, "/.well-known/jwks.json"), tampered, "justscale", "justscale");
        Assert.That(refused.GetProperty("ok").GetBoolean(), Is.False);
    }

    [Test]
    public async Task AccessToken_LogoutOnA_RefusedByBIn10Of10WithMedianWithinBound()
    {
        var latencies = new List<TimeSpan>();
        for (var trial = 0; trial < 10; trial++)
        {
            var session = await _clientA.LoginAsync(_email);
            var accessToken = (await _clientA.PostAsync("/auth/token", token: session)).Body.GetProperty("accessToken").GetString()!;
            Assert.That((await _clientB.GetAsync("/profile", accessToken)).Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await _clientB.GetAsync("/profile", accessToken)).Status, Is.EqualTo(HttpStatusCode.OK), "from B's cache");
            Assert.That((await _clientB.GetAsync("/aspnet/whoami", accessToken)).Body.GetProperty("email").GetString(), Is.EqualTo(_email));

            Assert.That((await _clientA.PostAsync("/auth/logout", token: session)).Status, Is.EqualTo(HttpStatusCode.OK));
            var since = Stopwatch.GetTimestamp();
            TimeSpan? refused = null;
            while (Stopwatch.GetElapsedTime(since) < LatencyBound.Patience) // 10 s, under the 15 s after which B's cache reads a session in use again
            {
                if ((await _clientB.GetAsync("/profile", accessToken)).Status == HttpStatusCode.Unauthorized)
                {
                    refused = Stopwatch.GetElapsedTime(since);
                    break;
                }
            }

            Assert.That(refused, Is.Not.Null, $"trial {trial}: B still accepted the access token {LatencyBound.Patience.TotalSeconds} s after the logout on A");
            Assert.That((await _clientA.GetAsync("/profile", accessToken)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await _clientB.GetAsync("/aspnet/whoami", accessToken)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            latencies.Add(refused!.Value);
        }

        LatencyBound.AssertMedian(latencies, Bound, "access token: logout on A -> 401 on B, 10 trials");
    }

    [Test]
    public async Task ApiKey_CreatedOnA_WorksOnBOnlyWhereAllowed_StoredHashed_ListedWithoutSecret_RevokedAtOnce()
    {
        var session = await _clientA.LoginAsync(_email);
        var (status, created) = await _clientA.PostAsync("/account/api-keys", new { name = "ci", scopes = new[] { "profile:read" } }, session);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        Assert.That(key, Does.StartWith("jsk_").And.Length.GreaterThanOrEqualTo(4 + 32));

        Assert.That(await ProfileByKeyAsync(_b.Url, key), Is.EqualTo(HttpStatusCode.OK));
        using (var request = KeyRequest(HttpMethod.Get, new Uri(_b.Url, "/api/profile"), key))
        using (var response = await _raw.SendAsync(request))
        {
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString(), Is.EqualTo(_email));
        }

        // A key is no session: it cannot create keys, list them or reach the account, as X-API-Key or as a Bearer.
        using (var request = KeyRequest(HttpMethod.Post, new Uri(_b.Url, "/account/api-keys"), key))
        {
            request.Content = JsonContent.Create(new { name = "more", scopes = new[] { "profile:read" } });
            using var response = await _raw.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That((await _clientB.PostAsync("/account/api-keys", new { name = "more", scopes = new[] { "profile:read" } }, key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _clientB.GetAsync("/account/me", key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));

        // Stored hashed: the key is nowhere in the api_keys table.
        await using (var connection = await _database.OpenConnectionAsync())
        await using (var dump = new NpgsqlCommand("SELECT string_agg(row_to_json(k)::text, '\n') FROM api_keys k", connection))
        {
            var rows = (string)(await dump.ExecuteScalarAsync())!;
            Assert.That(rows, Does.Contain(id));
            Assert.That(rows, Does.Not.Contain(key).And.Not.Contain(key["jsk_".Length..]));
        }

        var (listed, list) = await _clientB.GetAsync("/account/api-keys", session);
        Assert.That(listed, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(list.ToString(), Does.Not.Contain(key["jsk_".Length..]).And.Contain(id));
        var entry = list.GetProperty("apiKeys").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.That(entry.TryGetProperty("lastUsedAt", out var lastUsed) && lastUsed.ValueKind == JsonValueKind.String, Is.True);
        Assert.That(entry.TryGetProperty("expiresAt", out _), Is.True);
        Assert.That(entry.TryGetProperty("key", out _) || entry.TryGetProperty("keyHash", out _), Is.False);

        Assert.That((await _clientA.DeleteAsync($"/account/api-keys/{id}", session)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ProfileByKeyAsync(_b.Url, key), Is.EqualTo(HttpStatusCode.Unauthorized), "refused on B at once");
        Assert.That(await ProfileByKeyAsync(_a.Url, key), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ApiKey_WithoutTheScope_Forbidden()
    {
        var session = await _clientA.LoginAsync(_email);
        var key = (await _clientA.PostAsync("/account/api-keys", new { name = "other", scopes = new[] { "orders:read" } }, session)).Body.GetProperty("key").GetString()!;
        Assert.That(await ProfileByKeyAsync(_b.Url, key), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ProfileByKeyAsync(_b.Url, "jsk_" + new string('A', 32)), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Events_WithoutSession_Unauthorized()
    {
        using var response = await _raw.GetAsync(new Uri(_b.Url, "/events"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Events_OpenOnB_ClosedAfterLogoutOnAWithMedianWithinBound()
    {
        var latencies = new List<TimeSpan>();
        for (var trial = -1; trial < 5; trial++) // trial -1 warms B's path up (first stream, first re-read): not counted
        {
            var session = await _clientA.LoginAsync(_email);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_b.Url, "/events"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
            using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line && !line.StartsWith("data:", StringComparison.Ordinal))
            {
            }

            Assert.That((await _clientA.PostAsync("/auth/logout", token: session)).Status, Is.EqualTo(HttpStatusCode.OK));
            var since = Stopwatch.GetTimestamp();
            using var timeout = new CancellationTokenSource(LatencyBound.Patience); // an upper limit: the logout's notification closes it
            try
            {
                while (await reader.ReadLineAsync(timeout.Token) is not null)
                {
                }
            }
            catch (IOException)
            {
                // closed by a reset: closed all the same
            }

            var closed = Stopwatch.GetElapsedTime(since);
            if (trial < 0)
            {
                continue;
            }

            latencies.Add(closed);
        }

        LatencyBound.AssertMedian(latencies, Bound, "GET /events on B closed after a logout on A, 5 trials");
    }

    [Test]
    public async Task AspNetWhoami_WithSession_AnswersEmail_WithoutSession_Unauthorized()
    {
        var session = await _clientA.LoginAsync(_email);
        var (status, body) = await _clientB.GetAsync("/aspnet/whoami", session);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("email").GetString(), Is.EqualTo(_email));
        Assert.That((await _clientB.GetAsync("/aspnet/whoami")).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _clientB.GetAsync("/aspnet/whoami", new string('0', 64))).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<HttpStatusCode> ProfileByKeyAsync(Uri instance, string key)
    {
        using var request = KeyRequest(HttpMethod.Get, new Uri(instance, "/api/profile"), key);
        using var response = await _raw.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage KeyRequest(HttpMethod method, Uri uri, string key)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("X-API-Key", key);
        return request;
    }
}
