using System.Diagnostics;
using System.Net;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Cli.Tests;

/// <summary>Runs the complete example on PostgreSQL (its session cache on) as its own process, and the justscale tool beside it
/// on the same database: what the tool does is seen by the running instance at once.</summary>
[TestFixture]
public sealed class RunningExampleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1); // held in the full form (LatencyBound); the tests wait up to LatencyBound.Patience
    private TestDatabase _database = null!;
    private ExampleProcess _example = null!;
    private HttpExample _http = null!;

    [OneTimeSetUp]
    public async Task StartExample()
    {
        _database = await TestPostgres.CreateDatabaseAsync("cli_example");
        _example = await ExampleProcess.StartAsync(_database.ConnectionString, "--rate-limits", "off");
        _http = new HttpExample(_example.Url);
    }

    [OneTimeTearDown]
    public async Task StopExample()
    {
        _http?.Dispose();
        if (_example is not null)
        {
            await _example.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static string NewEmail() => $"cli-{Guid.NewGuid():N}@example.com";

    /// <summary>Logs in and has the example answer the token twice, the second time from its session cache.</summary>
    private async Task<string> CachedTokenAsync(string email)
    {
        var token = await _http.LoginAsync(email);
        Assert.That(await _http.ProfileAsync(token), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _http.ProfileAsync(token), Is.EqualTo(HttpStatusCode.OK));
        return token;
    }

    /// <summary>Asks the example until it refuses the token; returns how long that took, or null when it still accepted it after
    /// <see cref="LatencyBound.Patience"/> (10 s: under the 15 s after which the example's cache reads a session in use again, so a
    /// refusal within it came by notification).</summary>
    private async Task<TimeSpan?> RefusedWithinPatienceAsync(string token)
    {
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(since) < LatencyBound.Patience)
        {
            if (await _http.ProfileAsync(token) == HttpStatusCode.Unauthorized)
            {
                return Stopwatch.GetElapsedTime(since);
            }
        }

        return null;
    }

    private async Task<bool> TableExistsAsync(string table)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection) { Parameters = { new() { Value = table } } };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> PasswordHashAsync(string email)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT password_hash FROM users WHERE email = $1", connection) { Parameters = { new() { Value = email } } };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task UsersList_SearchByEmail_ListsTheUserRegisteredOverHttp()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);

        var result = await Cli.RunAsync(_database.ConnectionString, "users", "list", "--search", email);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.StartWith("EMAIL"));
        Assert.That(result.Output, Does.Contain(email).And.Contain("active"));
        Assert.That(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2), "the header and the one user");
        Assert.That(result.Output + result.Error, Does.Not.Contain(await PasswordHashAsync(email)));
    }

    [Test]
    public async Task UsersList_AsProcessWithConnectionFromEnvironment_ListsTheUser()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);

        var result = await Cli.RunProcessAsync(_database.ConnectionString, "users", "list", "--search", email, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var items = result.Json.GetProperty("items");
        Assert.That(items.GetArrayLength(), Is.EqualTo(1));
        Assert.That(items[0].GetProperty("email").GetString(), Is.EqualTo(email));
        Assert.That(items[0].TryGetProperty("passwordHash", out _), Is.False);
    }

    [Test]
    public async Task SessionsRevoke_InProcess_RunningExampleRefusesCachedTokenWithinBound()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);
        var token = await CachedTokenAsync(email);

        var result = await Cli.RunAsync(_database.ConnectionString, "sessions", "revoke", "--user", email);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain($"Revoked 2 sessions of {email}")); // registration's and the login's
        var refused = await RefusedWithinPatienceAsync(token);
        Assert.That(refused, Is.Not.Null, $"the example still accepted the token {LatencyBound.Patience.TotalSeconds} s after the revoke");
        LatencyBound.AssertSingle(refused!.Value, Bound, "justscale sessions revoke (in-process) -> 401 from the running example after");
        Assert.That(await _http.ProfileAsync(await _http.LoginAsync(email)), Is.EqualTo(HttpStatusCode.OK), "a new login works");
    }

    /// <summary>The control: a delete that notifies no one (the trigger disabled for it) leaves the cached token accepted, so the
    /// revoke tests above measure the cache's invalidation by the change feed, not a cache that is off.</summary>
    [Test]
    public async Task SessionsDeletedWithoutNotification_RunningExampleStillAcceptsCachedToken()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);
        var token = await CachedTokenAsync(email);
        for (var i = 0; i < 5; i++) // cached by whichever of these found the feed live (a proof late under load caches nothing for a moment)
        {
            Assert.That(await _http.ProfileAsync(token), Is.EqualTo(HttpStatusCode.OK));
            await Task.Delay(20);
        }

        await using (var connection = await _database.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var sql in new[]
            {
                "ALTER TABLE sessions DISABLE TRIGGER justscale_notify_sessions",
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1)",
                "ALTER TABLE sessions ENABLE TRIGGER justscale_notify_sessions",
            })
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                if (sql.Contains("$1", StringComparison.Ordinal))
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = email });
                }

                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        // The example's feed counts as live for 100 ms after each proof: a loaded machine delaying one sends a request to the database
        // for a moment (401, the row is gone), without touching the cached entry. One answer from the cache is the proof.
        var since = Stopwatch.GetTimestamp();
        var status = await _http.ProfileAsync(token);
        while (status != HttpStatusCode.OK && Stopwatch.GetElapsedTime(since) < LatencyBound.Patience)
        {
            await Task.Delay(20);
            status = await _http.ProfileAsync(token);
        }

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the session cache answers without the database");
        var result = await Cli.RunAsync(_database.ConnectionString, "sessions", "list", "--user", email, "--json");
        Assert.That(result.Json.GetProperty("sessions").GetArrayLength(), Is.Zero, "the rows are gone");
    }

    [Test]
    public async Task SessionsRevoke_AsProcess_RunningExampleRefusesCachedTokenWithinBound()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);
        var token = await CachedTokenAsync(email);

        var result = await Cli.RunProcessAsync(_database.ConnectionString, "sessions", "revoke", "--user", email);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var refused = await RefusedWithinPatienceAsync(token);
        Assert.That(refused, Is.Not.Null, $"the example still accepted the token {LatencyBound.Patience.TotalSeconds} s after the revoke");
        LatencyBound.AssertSingle(refused!.Value, Bound, "justscale sessions revoke (process) -> 401 from the running example after");
    }

    [Test]
    public async Task SessionsList_UserWithTwoSessions_ListsBothWithoutTokens()
    {
        var email = NewEmail();
        var registered = await _http.RegisterAsync(email);
        var token = await _http.LoginAsync(email);

        var table = await Cli.RunAsync(_database.ConnectionString, "sessions", "list", "--user", email);
        var json = await Cli.RunAsync(_database.ConnectionString, "sessions", "list", "--user", email, "--json");

        Assert.That(table.ExitCode, Is.EqualTo(0), table.ToString());
        Assert.That(table.Output, Does.StartWith("ID"));
        Assert.That(json.Json.GetProperty("sessions").GetArrayLength(), Is.EqualTo(2));
        Assert.That(json.Json.GetProperty("sessions")[0].GetProperty("ipAddress").GetString(), Is.EqualTo("127.0.0.1"));
        foreach (var secret in new[] { registered, token, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))) })
        {
            Assert.That(table.Output + json.Output, Does.Not.Contain(secret));
        }
    }

    [Test]
    public async Task UsersBan_ThenUnban_ExampleRefusesTokenAndLoginThenLetsTheUserBackIn()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);
        var token = await CachedTokenAsync(email);

        var ban = await Cli.RunAsync(_database.ConnectionString, "users", "ban", email, "--reason", "chargeback");

        Assert.That(ban.ExitCode, Is.EqualTo(0), ban.ToString());
        Assert.That(await RefusedWithinPatienceAsync(token), Is.Not.Null);
        Assert.That(await _http.LoginStatusAsync(email), Is.Not.EqualTo(HttpStatusCode.OK));
        var listed = await Cli.RunAsync(_database.ConnectionString, "users", "list", "--search", email, "--json");
        Assert.That(listed.Json.GetProperty("items")[0].GetProperty("banReason").GetString(), Is.EqualTo("chargeback"));

        var unban = await Cli.RunAsync(_database.ConnectionString, "users", "unban", email);

        Assert.That(unban.ExitCode, Is.EqualTo(0), unban.ToString());
        Assert.That(await _http.LoginStatusAsync(email), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task UsersSetRoles_Admin_OpensTheAdminApiOnTheNextRequest()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);
        var token = await CachedTokenAsync(email);
        Assert.That(await _http.GetStatusAsync("/admin/users", token), Is.EqualTo(HttpStatusCode.Forbidden));

        var result = await Cli.RunAsync(_database.ConnectionString, "users", "set-roles", email, "admin", "support");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("admin, support"));
        var since = Stopwatch.GetTimestamp();
        while (await _http.GetStatusAsync("/admin/users", token) != HttpStatusCode.OK && Stopwatch.GetElapsedTime(since) < LatencyBound.Patience)
        {
        }

        Assert.That(await _http.GetStatusAsync("/admin/users", token), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Audit_CliBanOnTheExamplesDatabase_ListedAboveTheExamplesOwnEvents()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);

        var ban = await Cli.RunAsync(_database.ConnectionString, "users", "ban", email);
        var audit = await Cli.RunAsync(_database.ConnectionString, "audit", "--user", email, "--json");

        Assert.That(ban.ExitCode, Is.EqualTo(0), ban.ToString());
        Assert.That(audit.ExitCode, Is.EqualTo(0), audit.ToString());
        var items = audit.Json.GetProperty("items").EnumerateArray().ToList();
        var types = items.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.That(types[0], Is.EqualTo("auth.user_banned"), string.Join(", ", types));
        Assert.That(types, Does.Contain("auth.registered"), "the example's own event, recorded by the example");
        var registered = items.First(e => e.GetProperty("type").GetString() == "auth.registered");
        Assert.That(registered.GetProperty("ipAddress").GetString(), Is.EqualTo("127.0.0.1"));
        Assert.That(items[0].GetProperty("ipAddress").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "the CLI's change has no request");
    }

    [Test]
    public async Task KeysRotateJwt_AfterATokenWasIssued_RetiresTheSigningKeyAndTheTokenStillVerifies()
    {
        var email = NewEmail();
        await _http.RegisterAsync(email);
        var token = await _http.LoginAsync(email);
        var accessToken = await _http.AccessTokenAsync(token);

        var result = await Cli.RunAsync(_database.ConnectionString, "keys", "rotate", "--jwt");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("Signing keys: retired 1"));
        await using var connection = await _database.OpenConnectionAsync();
        await using var signing = new NpgsqlCommand("SELECT count(*) FROM signing_keys WHERE sign_until > now()", connection);
        Assert.That((long)(await signing.ExecuteScalarAsync())!, Is.EqualTo(0), "no key signs any more");
        Assert.That(await _http.ProfileAsync(accessToken), Is.EqualTo(HttpStatusCode.OK), "a token signed by the retired key still verifies");
    }
}
