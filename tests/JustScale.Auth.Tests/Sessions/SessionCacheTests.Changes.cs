using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JustScale.Core;
using JustScale.Postgres;
using Npgsql;

namespace JustScale.Auth.Tests.Sessions;

/// <content>User changes, manual SQL, write-behind touches, and the cases where the cache must stay off.</content>
public sealed partial class SessionCacheTests
{
    public enum UserChange
    {
        PasswordChange,
        Disable,
        DeleteUser,
        DisableBySql,
        DeleteSessionBySql,
    }

    [TestCase(UserChange.PasswordChange)]
    [TestCase(UserChange.Disable)]
    [TestCase(UserChange.DeleteUser)]
    [TestCase(UserChange.DisableBySql)]
    [TestCase(UserChange.DeleteSessionBySql)]
    public async Task UserOrSessionChangedOnA_RefusedByBWithinBound(UserChange change)
    {
        var user = await _a.Users.RegisterAsync($"{change}-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        var session = await CachedOnBAsync(user);

        switch (change)
        {
            case UserChange.PasswordChange:
                Assert.That(await _a.Users.UpdatePasswordAsync(user.Id, "another long passphrase"), Is.True);
                break;
            case UserChange.Disable:
                Assert.That(await _a.Users.DisableAsync(user.Id), Is.True);
                break;
            case UserChange.DeleteUser:
                Assert.That(await _a.Cluster.Resolve<IRepository<User>>().DeleteAsync(user.Id), Is.True);
                break;
            case UserChange.DisableBySql: // the sessions stay: only the user's notification can tell B
                await SqlAsync($"UPDATE {CacheInstance.UserTable} SET disabled_at = now() WHERE id = $1", user.Id);
                break;
            case UserChange.DeleteSessionBySql:
                await SqlAsync($"DELETE FROM {CacheInstance.SessionTable} WHERE id = $1", session.Id);
                break;
        }

        var refused = await _b.TimeToRefusalAsync(session.Token, Stopwatch.GetTimestamp(), LatencyBound.Patience);
        Assert.That(refused, Is.Not.Null, $"B still accepted the session {LatencyBound.Patience.TotalSeconds} s after {change} on A");
        LatencyBound.AssertSingle(refused!.Value, Slack, $"{change} on A: B refused after");
    }

    [Test]
    public async Task VerifyEmail_OnA_SeenByBWithinBound()
    {
        var user = await _a.Users.RegisterAsync($"verify-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        var session = await CachedOnBAsync(user);
        Assert.That(await VerifiedOnBAsync(session.Token), Is.False);

        await _a.Users.VerifyEmailAsync(user.Id);
        var since = Stopwatch.GetTimestamp();
        while (!await VerifiedOnBAsync(session.Token) && Stopwatch.GetElapsedTime(since) < LatencyBound.Patience)
        {
        }

        var seen = Stopwatch.GetElapsedTime(since);
        Assert.That(await VerifiedOnBAsync(session.Token), Is.True);
        LatencyBound.AssertSingle(seen, Slack, "a verified email on A: seen by B after");
    }

    [Test]
    public async Task VerifyEmail_UserWithSeveralCachedSessionsOnB_EverySessionSeesIt()
    {
        var user = await _a.Users.RegisterAsync($"verify-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
        var sessions = new[] { await CachedOnBAsync(user), await CachedOnBAsync(user), await CachedOnBAsync(user) };
        Assert.That(await VerifiedOnBAsync(sessions[0].Token), Is.False);

        await _a.Users.VerifyEmailAsync(user.Id);
        var since = Stopwatch.GetTimestamp();
        while (!await VerifiedOnBAsync(sessions[0].Token) && Stopwatch.GetElapsedTime(since) < LatencyBound.Patience)
        {
        }

        foreach (var session in sessions)
        {
            Assert.That(await VerifiedOnBAsync(session.Token), Is.True, "the user's copy is shared by its sessions' entries, and evicted with them");
        }
    }

    [Test]
    public async Task Touch_StaleCachedSession_WrittenBehindWithoutEvictingIt()
    {
        await using var c = await CacheInstance.StartAsync(_database.ConnectionString, options => options.TouchInterval = TimeSpan.FromMilliseconds(200));
        await c.WaitLiveAsync(LiveWait);
        var session = await _a.Sessions.CreateAsync(_user);
        Assert.That(await c.MeAsync(session.Token), Is.EqualTo(HttpStatusCode.OK));
        await Task.Delay(300);

        using var queries = new QueryCounter(CacheInstance.SessionTable);
        Assert.That(await c.MeAsync(session.Token), Is.EqualTo(HttpStatusCode.OK)); // stale: queued, not awaited
        var lookupsAndWrites = queries.Count;
        var stored = session.LastActiveAt;
        var since = Stopwatch.GetTimestamp();
        while (stored <= session.LastActiveAt && Stopwatch.GetElapsedTime(since) < TimeSpan.FromSeconds(30)) // an upper limit: written in milliseconds
        {
            await Task.Delay(50);
            stored = (await _a.Cluster.Resolve<IRepository<Session>>().GetAsync(session.Id))!.LastActiveAt;
        }

        Assert.That(lookupsAndWrites, Is.Zero, "the hit neither read nor wrote on the request path");
        Assert.That(stored, Is.GreaterThan(session.LastActiveAt), "the activity time was written behind");
        var before = queries.Count;
        Assert.That(await c.MeAsync(session.Token), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(queries.Count, Is.EqualTo(before), "the activity write did not evict the cached session");
    }

    [Test]
    public async Task Lookup_MaxAgeZero_CacheOffAndEveryRequestQueries()
    {
        await using var c = await CacheInstance.StartAsync(_database.ConnectionString, options => options.SessionCache.MaxAge = TimeSpan.Zero);
        await AssertEveryLookupQueriesAsync(c);
    }

    [Test]
    public async Task Lookup_FeedNotLive_EveryRequestQueries()
    {
        var unreachable = new PgChangeFeedOptions { ListenConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Database=none", StartTimeout = TimeSpan.Zero };
        await using var c = await CacheInstance.StartAsync(_database.ConnectionString, feed: unreachable);
        Assert.That(c.Feed.IsLive, Is.False);
        await AssertEveryLookupQueriesAsync(c);
    }

    [Test]
    public async Task Lookup_NoChangeFeed_CacheStaysOff()
    {
        await using var c = await CacheInstance.StartAsync(_database.ConnectionString, withFeed: false);
        await AssertEveryLookupQueriesAsync(c);
    }

    private async Task AssertEveryLookupQueriesAsync(CacheInstance instance)
    {
        var session = await _a.Sessions.CreateAsync(_user);
        using var queries = new QueryCounter(CacheInstance.SessionTable);

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await instance.MeAsync(session.Token), Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(instance.Sessions.IsCaching, Is.False);
        Assert.That(queries.Count, Is.EqualTo(5));
    }

    private async Task<bool> VerifiedOnBAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await _b.Http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("verified").GetBoolean();
    }

    private async Task SqlAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1));
    }
}
