using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Schema;

/// <summary>A start that does not create the schema (EnsureSchemaOnStart off, the default) says at once what is missing and how to
/// create it, instead of one bare 42P01 per request later; a refused migration suggests the model's Default.</summary>
[TestFixture]
public sealed class SchemaOnStartTests
{
    private static readonly PgModel<DocsUser> PgUser = PgModel.Create<DocsUser>(new PgModelOptions { Table = "users" });
    private static readonly PgModel<DocsSession> PgSession = PgModel.Create<DocsSession>(new PgModelOptions { Table = "sessions" });
    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabase() => _database = await TestPostgres.CreateDatabaseAsync("schemastart");

    [TearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task Start_DefaultOptionsOnAnEmptyDatabase_OneWarningNamingTheTablesAndEnsureSchemaOnStart()
    {
        var logs = new FakeLogCollector();
        await using var cluster = await StartAsync(new PostgresClientOptions { ConnectionString = _database.ConnectionString }, logs);

        var warnings = logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message).ToList();

        Assert.That(warnings, Has.Count.EqualTo(1), string.Join('\n', warnings));
        Assert.That(warnings[0], Does.StartWith("PostgreSQL has no table for 2 registered models (sessions, users)"));
        Assert.That(warnings[0], Does.Contain("PostgresClientOptions.EnsureSchemaOnStart = true").And.Contain("42P01"));
        Assert.That(await CountTablesAsync(), Is.Zero, "the default start creates nothing");

        var error = Assert.ThrowsAsync<JustScaleException>(() => cluster.Resolve<IRepository<DocsUser>>().CountAsync(Filter<DocsUser>.All));
        Assert.That(error!.Message, Does.StartWith("PostgreSQL error 42P01: relation \"users\" does not exist").And.Contain("EnsureSchemaOnStart"));
    }

    [Test]
    public async Task Start_OneTableMissing_NamesOnlyThatOne()
    {
        await using (var first = await StartAsync(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true }, new FakeLogCollector()))
        {
        }

        await ExecuteAsync("DROP TABLE sessions");
        var logs = new FakeLogCollector();
        await using var cluster = await StartAsync(new PostgresClientOptions { ConnectionString = _database.ConnectionString }, logs);

        Assert.That(logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message),
            Has.One.StartWith("PostgreSQL has no table for 1 registered models (sessions)"));
    }

    [Test]
    public async Task Start_SchemaInPlace_NoWarning()
    {
        await using (var first = await StartAsync(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true }, new FakeLogCollector()))
        {
        }

        var logs = new FakeLogCollector();
        await using var cluster = await StartAsync(new PostgresClientOptions { ConnectionString = _database.ConnectionString }, logs);

        Assert.That(logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty);
        Assert.That(await cluster.Resolve<IRepository<DocsUser>>().CountAsync(Filter<DocsUser>.All), Is.Zero);
    }

    [Test]
    public async Task Start_RequiredColumnAddedToATableWithRows_RefusalSuggestsTheModelsDefault()
    {
        await using (var first = await StartAsync(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true }, new FakeLogCollector()))
        {
        }

        await ExecuteAsync("INSERT INTO users (email, password_hash) VALUES ('a@example.com', 'h')");
        await ExecuteAsync("ALTER TABLE users DROP COLUMN password_hash");
        var cluster = Cluster(new PostgresClientOptions { ConnectionString = _database.ConnectionString, EnsureSchemaOnStart = true }, new FakeLogCollector());
        await using (cluster)
        {
            await cluster.CompileAsync();

            var error = Assert.ThrowsAsync<SchemaMigrationException>(() => cluster.StartAsync());

            Assert.That(error!.Message, Does.Contain("users.password_hash: found missing, expected varchar(255) NOT NULL"));
            Assert.That(error.Message, Does.Contain("give the field a Default in the model (new FieldOptions { Default = ... }"));
            Assert.That(error.Message, Does.Contain("which the start then adds by itself, filling the existing rows"));
        }
    }

    private Cluster Cluster(PostgresClientOptions options, FakeLogCollector logs) => new ClusterBuilder()
        .Add(new PostgresClient(options))
        .Add(PgRepository.Create(PgUser))
        .Add(PgRepository.Create(PgSession))
        .ConfigureServices(s => s.AddSingleton<ILoggerFactory>(LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)))))
        .Build();

    private async Task<Cluster> StartAsync(PostgresClientOptions options, FakeLogCollector logs)
    {
        var cluster = Cluster(options, logs);
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return cluster;
    }

    private async Task<long> CountTablesAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
