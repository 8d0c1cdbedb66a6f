using JustScale.Postgres.Tests.Models;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Schema;

/// <summary>Checks migrations on a real PostgreSQL: additive changes applied and recorded, everything else refused with the SQL to review.</summary>
[TestFixture]
public sealed class MigrationTests
{
    private static readonly PgModel<DocsUser> PgUser = PgModel.Create<DocsUser>(new PgModelOptions { Table = "users" });
    private static readonly PgModel<DocsSession> PgSession = PgModel.Create<DocsSession>(new PgModelOptions { Table = "sessions" });
    private readonly List<PostgresClient> _clients = [];
    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabase() => _database = await TestPostgres.CreateDatabaseAsync("migrations");

    [TearDown]
    public async Task DropDatabase()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Migrate_FreshDatabase_CreatesTablesAndRecordsOneHistoryRow()
    {
        var plan = await Client().MigrateAsync(apply: true, CancellationToken.None);

        Assert.That(plan.Summary, Is.EqualTo("created 2 tables"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('users', 'sessions')"), Is.EqualTo(2L));
        Assert.That(await ScalarAsync("SELECT count(*) FROM justscale_migrations"), Is.EqualTo(1L));
        Assert.That(await ScalarAsync("SELECT sql FROM justscale_migrations WHERE version = 1"), Does.Contain("CREATE TABLE IF NOT EXISTS users"));
        Assert.That(await ScalarAsync("SELECT model_hash FROM justscale_migrations"), Is.EqualTo(plan.ModelHash).And.Length.EqualTo(64));
        Assert.That(await ScalarAsync("SELECT applied_at IS NOT NULL FROM justscale_migrations"), Is.True);
    }

    [Test]
    public async Task Migrate_UpToDate_ChangesNothingAndWritesNoHistory()
    {
        await Client().EnsureSchemaAsync();

        var plan = await Client().MigrateAsync(apply: true, CancellationToken.None);

        Assert.That(plan.IsUpToDate, Is.True);
        Assert.That(plan.Summary, Is.EqualTo("up to date (2 tables)"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM justscale_migrations"), Is.EqualTo(1L));
    }

    [Test]
    public async Task Migrate_DroppedNullableColumn_AddsItBackAndKeepsTheRows()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("INSERT INTO users (email, password_hash, name) VALUES ('kept@example.com', 'h', 'Kept')");
        await ExecuteAsync("ALTER TABLE users DROP COLUMN name");

        var plan = await Client().MigrateAsync(apply: true, CancellationToken.None);

        Assert.That(plan.Summary, Is.EqualTo("added column users.name"));
        Assert.That(await ScalarAsync("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name'"),
            Is.EqualTo("character varying(100)"));
        Assert.That(await ScalarAsync("SELECT email FROM users"), Is.EqualTo("kept@example.com"));
        Assert.That(await ScalarAsync("SELECT sql FROM justscale_migrations WHERE version = 2"), Does.Contain("ALTER TABLE users ADD COLUMN name VARCHAR(100)"));
    }

    [Test]
    public async Task Migrate_NameAlteredToInteger_RefusesNamingColumnFoundAndExpectedTypesAndSql()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("ALTER TABLE users ALTER COLUMN name TYPE integer USING NULL");

        var error = Assert.ThrowsAsync<SchemaMigrationException>(() => Client().EnsureSchemaAsync());

        Assert.That(error!.Message, Does.Contain("users.name: found integer, expected varchar(100)"));
        Assert.That(error.Message, Does.Contain("ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(100) USING name::VARCHAR(100);"));
        Assert.That(error.Plan.Conflicts.Select(c => (c.Table, c.Column, c.Found, c.Expected)), Is.EqualTo(new[] { ("users", "name", "integer", "varchar(100)") }));
        Assert.That(await ScalarAsync("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name'"),
            Is.EqualTo("integer"), "nothing was changed");
    }

    [Test]
    public async Task Migrate_NotNullColumnWithoutDefaultMissingOnTableWithRows_Refused()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("INSERT INTO users (email, password_hash) VALUES ('a@example.com', 'h')");
        await ExecuteAsync("ALTER TABLE users DROP COLUMN password_hash");

        var error = Assert.ThrowsAsync<SchemaMigrationException>(() => Client().EnsureSchemaAsync());

        Assert.That(error!.Message, Does.Contain("users.password_hash: found missing, expected varchar(255) NOT NULL"));
        Assert.That(error.Message, Does.Contain("ALTER TABLE users ADD COLUMN password_hash VARCHAR(255);"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM justscale_migrations"), Is.EqualTo(1L));
    }

    [Test]
    public async Task Migrate_NotNullColumnWithoutDefaultMissingOnEmptyTable_Added()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("ALTER TABLE users DROP COLUMN password_hash");

        var plan = await Client().MigrateAsync(apply: true, CancellationToken.None);

        Assert.That(plan.Summary, Is.EqualTo("added column users.password_hash"));
        Assert.That(await ScalarAsync("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'password_hash'"), Is.EqualTo("NO"));
    }

    [Test]
    public async Task Migrate_ExtraNotNullColumnWithoutDefault_RefusedNamingIt()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("ALTER TABLE users ADD COLUMN legacy_code TEXT NOT NULL");

        var error = Assert.ThrowsAsync<SchemaMigrationException>(() => Client().EnsureSchemaAsync());

        Assert.That(error!.Message, Does.Contain("users.legacy_code: found text NOT NULL, expected no such column in the model"));
        Assert.That(error.Message, Does.Contain("ALTER TABLE users DROP COLUMN legacy_code;"));
    }

    [Test]
    public async Task Migrate_ExtraNullableColumn_LeftAlone()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("ALTER TABLE users ADD COLUMN notes TEXT");

        Assert.That((await Client().MigrateAsync(apply: true, CancellationToken.None)).IsUpToDate, Is.True);
    }

    [Test]
    public async Task Migrate_DroppedIndex_AddsIt()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("DROP INDEX idx_sessions_expires_at");

        var plan = await Client().MigrateAsync(apply: true, CancellationToken.None);

        Assert.That(plan.Summary, Is.EqualTo("added index idx_sessions_expires_at"));
        Assert.That(await ScalarAsync("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_sessions_expires_at'"), Does.Contain("(expires_at)"));
    }

    [Test]
    public async Task PlanSchema_PendingChanges_ReturnsSqlAndChangesNothing()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("ALTER TABLE users DROP COLUMN last_login_at; DROP INDEX idx_users_email");

        var plan = await Client().PlanSchemaAsync();

        Assert.That(plan.Changes.Select(c => c.Description), Is.EqualTo(new[] { "added column users.last_login_at", "added index idx_users_email" }));
        Assert.That(plan.Sql, Does.Contain("ALTER TABLE users ADD COLUMN last_login_at TIMESTAMPTZ;").And.Contain("CREATE INDEX IF NOT EXISTS idx_users_email ON users(email);"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'last_login_at'"), Is.Zero);
        Assert.That(await ScalarAsync("SELECT count(*) FROM justscale_migrations"), Is.EqualTo(1L));
    }

    [Test]
    public async Task Start_ApplyMigrationsOffWithPendingChange_StopsWithTheSqlAndChangesNothing()
    {
        await Client().EnsureSchemaAsync();
        await ExecuteAsync("ALTER TABLE users DROP COLUMN name");
        await using var cluster = new Core.ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true, ApplyMigrations = false }))
            .Add(PgRepository.Create(PgUser))
            .Add(PgRepository.Create(PgSession))
            .Build();
        await cluster.CompileAsync();

        var error = Assert.ThrowsAsync<SchemaMigrationException>(() => cluster.StartAsync());

        Assert.That(error!.Message, Does.Contain("automatic migration is off").And.Contain("ALTER TABLE users ADD COLUMN name VARCHAR(100);"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'name'"), Is.Zero);
    }

    [Test]
    public async Task Migrate_ManyClientsAtOnce_AppliesOnceAndRecordsOneRow()
    {
        var clients = Enumerable.Range(0, 4).Select(_ => Client()).ToList();

        var plans = await Task.WhenAll(clients.Select(c => c.MigrateAsync(apply: true, CancellationToken.None)));

        Assert.That(plans.Count(p => p.Summary == "created 2 tables"), Is.EqualTo(1));
        Assert.That(plans.Count(p => p.IsUpToDate), Is.EqualTo(3));
        Assert.That(await ScalarAsync("SELECT count(*) FROM justscale_migrations"), Is.EqualTo(1L));
    }

    private PostgresClient Client()
    {
        var client = new PostgresClient(_database.ConnectionString);
        _ = new PgRepository<DocsUser>(client, PgUser, TimeProvider.System);
        _ = new PgRepository<DocsSession>(client, PgSession, TimeProvider.System);
        _clients.Add(client);
        return client;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
