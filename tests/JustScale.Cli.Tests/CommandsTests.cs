using JustScale.Testing;
using Npgsql;

namespace JustScale.Cli.Tests;

/// <summary>Runs each command of the justscale tool in-process on a database the tool itself migrated: happy paths, unknown users (exit 1), bad arguments (exit 2).</summary>
[TestFixture]
public sealed class CommandsTests
{
    private const string Password = "correct horse battery staple";
    private TestDatabase _database = null!;

    private string Connection => _database.ConnectionString;

    [OneTimeSetUp]
    public async Task Migrate()
    {
        _database = await TestPostgres.CreateDatabaseAsync("cli_commands");
        var migrated = await Cli.RunAsync(Connection, "migrate");
        Assert.That(migrated.ExitCode, Is.EqualTo(0), migrated.ToString());
    }

    [OneTimeTearDown]
    public async Task Drop() => await _database.DisposeAsync();

    private static string NewEmail() => $"cmd-{Guid.NewGuid():N}@example.com";

    private async Task<string> CreateAsync(string? email = null)
    {
        email ??= NewEmail();
        var created = await Cli.RunWithAsync(null, Password + "\n", "--connection", Connection, "users", "create", "--email", email, "--password-stdin");
        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        return email;
    }

    [Test]
    public async Task UsersCreate_PasswordFromStdin_CreatesAUserListedAsActive()
    {
        var email = NewEmail();
        var created = await Cli.RunWithAsync(null, Password + "\n", "--connection", Connection, "users", "create", "--email", email.ToUpperInvariant(), "--password-stdin", "--name", "Ada", "--role", "support", "--json");

        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        Assert.That(created.Json.GetProperty("email").GetString(), Is.EqualTo(email), "stored normalised");
        Assert.That(created.Json.GetProperty("roles")[0].GetString(), Is.EqualTo("support"));
        Assert.That(created.Output, Does.Not.Contain(Password));
        var listed = await Cli.RunAsync(Connection, "users", "list", "--search", email, "--json");
        Assert.That(listed.Json.GetProperty("items")[0].GetProperty("name").GetString(), Is.EqualTo("Ada"));
        Assert.That(listed.Json.GetProperty("items")[0].GetProperty("banned").GetBoolean(), Is.False);
        await using var connection = await _database.OpenConnectionAsync();
        await using var hash = new NpgsqlCommand("SELECT password_hash FROM users WHERE email = $1", connection) { Parameters = { new() { Value = email } } };
        Assert.That((string)(await hash.ExecuteScalarAsync())!, Does.Match("^[0-9a-f]+:[0-9a-f]+$"), "hashed with scrypt as registration does");
    }

    [Test]
    public async Task UsersCreate_ExistingEmail_ExitsOneAndSaysSo()
    {
        var email = await CreateAsync();

        var again = await Cli.RunWithAsync(null, Password + "\n", "--connection", Connection, "users", "create", "--email", email, "--password-stdin");

        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.Error, Does.Contain("error:").And.Contain(email));
    }

    [Test]
    public async Task UsersCreate_PasswordBreaksThePolicy_ExitsOneAndCreatesNobody()
    {
        var email = NewEmail();

        var result = await Cli.RunWithAsync(null, "abc\n", "--connection", Connection, "users", "create", "--email", email, "--password-stdin");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.StartWith("error: "));
        var listed = await Cli.RunAsync(Connection, "users", "list", "--search", email, "--json");
        Assert.That(listed.Json.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task UsersCreate_NoPasswordAndNoTerminal_ExitsTwo()
    {
        var result = await Cli.RunAsync(Connection, "users", "create", "--email", NewEmail());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("--password-stdin"));
    }

    [Test]
    public async Task UsersCreate_BothPasswordOptions_ExitsTwo()
    {
        var result = await Cli.RunAsync(Connection, "users", "create", "--email", NewEmail(), "--password", Password, "--password-stdin");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
    }

    [Test]
    public async Task UsersList_LimitOne_PrintsACursorThatContinues()
    {
        var prefix = $"page-{Guid.NewGuid():N}";
        await CreateAsync($"{prefix}-a@example.com");
        await CreateAsync($"{prefix}-b@example.com");

        var first = await Cli.RunAsync(Connection, "users", "list", "--search", prefix, "--limit", "1", "--json");
        var cursor = first.Json.GetProperty("nextCursor").GetString()!;
        var second = await Cli.RunAsync(Connection, "users", "list", "--search", prefix, "--limit", "1", "--after", cursor, "--json");

        Assert.That(first.Json.GetProperty("items")[0].GetProperty("email").GetString(), Is.EqualTo($"{prefix}-a@example.com"));
        Assert.That(second.Json.GetProperty("items")[0].GetProperty("email").GetString(), Is.EqualTo($"{prefix}-b@example.com"));
        var table = await Cli.RunAsync(Connection, "users", "list", "--search", prefix, "--limit", "1");
        Assert.That(table.Error, Does.Contain($"--after {cursor}"));
    }

    [Test]
    public async Task UsersBan_UntilAndReason_ListedAsBannedThenUnbanned()
    {
        var email = await CreateAsync();

        var ban = await Cli.RunAsync(Connection, "users", "ban", email, "--reason", "fraud", "--until", "2099-01-01T00:00:00Z");
        var banned = await Cli.RunAsync(Connection, "users", "list", "--search", email);
        var unban = await Cli.RunAsync(Connection, "users", "unban", email);
        var unbanned = await Cli.RunAsync(Connection, "users", "list", "--search", email);

        Assert.That(ban.ExitCode, Is.EqualTo(0), ban.ToString());
        Assert.That(banned.Output, Does.Contain("banned until 2099-01-01 00:00Z"));
        Assert.That(unban.ExitCode, Is.EqualTo(0), unban.ToString());
        Assert.That(unbanned.Output, Does.Contain("active"));
    }

    [Test]
    public async Task UsersSetRoles_NoRoles_RemovesEveryRole()
    {
        var email = await CreateAsync();
        Assert.That((await Cli.RunAsync(Connection, "users", "set-roles", email, "admin")).ExitCode, Is.EqualTo(0));

        var cleared = await Cli.RunAsync(Connection, "users", "set-roles", email, "--json");

        Assert.That(cleared.ExitCode, Is.EqualTo(0), cleared.ToString());
        Assert.That(cleared.Json.GetProperty("roles").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task UsersSetRoles_MalformedRole_ExitsOneAndChangesNothing()
    {
        var email = await CreateAsync();

        var result = await Cli.RunAsync(Connection, "users", "set-roles", email, "admin", "not a role!");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Contain("roles must be"));
        var listed = await Cli.RunAsync(Connection, "users", "list", "--search", email, "--json");
        Assert.That(listed.Json.GetProperty("items")[0].GetProperty("roles").GetArrayLength(), Is.Zero);
    }

    [TestCase("users", "ban", "nobody@example.com")]
    [TestCase("users", "unban", "nobody@example.com")]
    [TestCase("users", "set-roles", "nobody@example.com", "admin")]
    [TestCase("sessions", "list", "--user", "nobody@example.com")]
    [TestCase("sessions", "revoke", "--user", "nobody@example.com")]
    public async Task Command_UnknownUser_ExitsOneNamingTheEmail(params string[] args)
    {
        var result = await Cli.RunAsync(Connection, args);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Is.EqualTo("error: No user has the email nobody@example.com." + Environment.NewLine));
        Assert.That(result.Output, Is.Empty);
    }

    [TestCase("users")]
    [TestCase("users", "frobnicate")]
    [TestCase("users", "ban")]
    [TestCase("users", "list", "--limit", "many")]
    [TestCase("users", "list", "--limit", "0")]
    [TestCase("users", "ban", "a@example.com", "--until", "someday")]
    [TestCase("sessions", "revoke")]
    [TestCase("sessions", "revoke", "--user", "a@example.com", "--id", "not-a-guid")]
    [TestCase("keys", "rotate", "--secrets", "--revoke")]
    [TestCase("migrate", "--bogus")]
    public async Task Command_BadArguments_ExitsTwoWithUsageHint(params string[] args)
    {
        var result = await Cli.RunAsync(Connection, args);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("justscale --help"));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public async Task Command_NoConnectionAnywhere_ExitsTwoNamingTheSetting()
    {
        var result = await Cli.RunWithAsync(null, null, "users", "list");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("ConnectionStrings__Postgres"));
    }

    [Test]
    public async Task Command_ConnectionFromConfiguration_IsUsed()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = Connection };

        var result = await Cli.RunWithAsync(settings, null, "users", "list", "--limit", "1");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
    }

    [Test]
    public async Task Command_DatabaseUnreachable_ExitsOneWithoutTheConnectionString()
    {
        const string unreachable = "Host=127.0.0.1;Port=1;Username=nobody;Password=hunter2-secret;Database=none;Timeout=3";

        var result = await Cli.RunAsync(unreachable, "users", "list");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.StartWith("error: "));
        Assert.That(result.Error, Does.Not.Contain("hunter2-secret"));
    }

    [Test]
    public async Task Help_Root_ListsEveryCommandAndExitsZero()
    {
        var result = await Cli.RunWithAsync(null, null, "--help");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Does.Contain("users").And.Contain("sessions").And.Contain("migrate").And.Contain("keys"));
    }

    [Test]
    public async Task KeysRotateSecrets_WithTheEncryptionKey_AddsAKeyToTheRingTwiceOver()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Connection,
            ["JustScale:Secrets:EncryptionKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
        };

        var first = await Cli.RunWithAsync(settings, null, "keys", "rotate", "--secrets");
        var second = await Cli.RunWithAsync(settings, null, "keys", "rotate", "--secrets", "--json");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Json.GetProperty("secretsKeyId").GetGuid(), Is.Not.EqualTo(Guid.Empty));
        await using var connection = await _database.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys WHERE xml LIKE '%encryptedSecret%' AND xml NOT LIKE '%<masterKey%'", connection);
        Assert.That((long)(await count.ExecuteScalarAsync())!, Is.GreaterThanOrEqualTo(2), "stored encrypted with the key-encryption key");

        var wrongKey = new Dictionary<string, string?>(settings) { ["JustScale:Secrets:EncryptionKey"] = Convert.ToBase64String(new byte[32]) };
        var refused = await Cli.RunWithAsync(wrongKey, null, "keys", "rotate", "--secrets");
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
        await using var after = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", connection);
        Assert.That((long)(await after.ExecuteScalarAsync())!, Is.EqualTo((long)(await count.ExecuteScalarAsync())!), "a key the ring's own key cannot read is never stored");
    }

    [Test]
    public async Task Audit_UserBannedAndRolesSetByTheCli_ListsTheirEventsNewestFirst()
    {
        var email = await CreateAsync();
        Assert.That((await Cli.RunAsync(Connection, "users", "ban", email)).ExitCode, Is.EqualTo(0));
        Assert.That((await Cli.RunAsync(Connection, "users", "set-roles", email, "support")).ExitCode, Is.EqualTo(0));

        var table = await Cli.RunAsync(Connection, "audit", "--user", email);
        var json = await Cli.RunAsync(Connection, "audit", "--user", email, "--json");
        var banned = await Cli.RunAsync(Connection, "audit", "--user", email, "--type", "auth.user_banned", "--json");

        Assert.That(table.ExitCode, Is.EqualTo(0), table.ToString());
        Assert.That(table.Output, Does.StartWith("TIME"));
        var types = json.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.That(types, Is.EqualTo(new[] { "auth.roles_changed", "auth.user_banned", "auth.registered" }));
        Assert.That(banned.Json.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task UsersBan_WebhookEndpointConfigured_WritesTheOutboxRowInTheSameChange()
    {
        var email = await CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Connection,
            ["JustScale:Webhooks:Endpoints:0:Url"] = "http://127.0.0.1:9/hooks",
            ["JustScale:Webhooks:Endpoints:0:Secret"] = "whsec_" + Convert.ToBase64String(new byte[32]),
        };

        var ban = await Cli.RunWithAsync(settings, null, "users", "ban", email);

        Assert.That(ban.ExitCode, Is.EqualTo(0), ban.ToString());
        await using var connection = await _database.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM webhook_deliveries WHERE type = 'auth.user_banned' AND payload LIKE '%' || $1 || '%'", connection);
        var userId = (await Cli.RunAsync(Connection, "users", "list", "--search", email, "--json")).Json.GetProperty("items")[0].GetProperty("id").GetString()!;
        count.Parameters.Add(new NpgsqlParameter { Value = userId });
        Assert.That((long)(await count.ExecuteScalarAsync())!, Is.EqualTo(1), "one pending delivery, for the app's instances to send");
    }

    [Test]
    public async Task Audit_DatabaseWithoutTheAuditTrail_ExitsOneWhileChangesStillWork()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("cli_no_audit");
        Assert.That((await Cli.RunAsync(database.ConnectionString, "migrate")).ExitCode, Is.EqualTo(0));
        await using (var connection = await database.OpenConnectionAsync())
        await using (var drop = new NpgsqlCommand("DROP TABLE audit_events", connection))
        {
            await drop.ExecuteNonQueryAsync(); // an app that does not record an audit trail
        }

        var created = await Cli.RunWithAsync(null, Password + "\n", "--connection", database.ConnectionString, "users", "create", "--email", "x@example.com", "--password-stdin");
        var audit = await Cli.RunAsync(database.ConnectionString, "audit");

        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        Assert.That(audit.ExitCode, Is.EqualTo(1), audit.ToString());
        Assert.That(audit.Error, Does.Contain("no audit trail").And.Contain("justscale migrate"));
    }

    [Test]
    public async Task Audit_UnknownTypeOrUser_ExitsTwoOrOne()
    {
        var badType = await Cli.RunAsync(Connection, "audit", "--type", "auth.nothing");
        var unknownUser = await Cli.RunAsync(Connection, "audit", "--user", "nobody@example.com");

        Assert.That(badType.ExitCode, Is.EqualTo(2), badType.ToString());
        Assert.That(badType.Error, Does.Contain("auth.login_failed"));
        Assert.That(unknownUser.ExitCode, Is.EqualTo(1), unknownUser.ToString());
    }

    [Test]
    public async Task KeysRotateSecrets_WithoutTheEncryptionKey_ExitsOneNamingTheSetting()
    {
        var result = await Cli.RunAsync(Connection, "keys", "rotate", "--secrets");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Contain("JustScale__Secrets__EncryptionKey"));
    }
}
