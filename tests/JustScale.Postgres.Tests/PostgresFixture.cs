using JustScale.Core;
using JustScale.Postgres.Tests.Models;
using JustScale.Testing;

namespace JustScale.Postgres.Tests;

/// <summary>Gives a fixture its own database with the docs' users and sessions tables, and builds clusters on it.</summary>
public abstract class PostgresFixture
{
    /// <summary>Maps the docs-shaped user to <c>users</c>.</summary>
    protected static readonly PgModel<DocsUser> PgUser = PgModel.Create<DocsUser>(new PgModelOptions { Table = "users" });

    /// <summary>Maps the docs-shaped session to <c>sessions</c>.</summary>
    protected static readonly PgModel<DocsSession> PgSession = PgModel.Create<DocsSession>(new PgModelOptions { Table = "sessions" });

    private readonly List<Cluster> _clusters = [];

    /// <summary>Gets the fixture's database.</summary>
    protected TestDatabase Database { get; private set; } = null!;

    /// <summary>Creates the database and the schema.</summary>
    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        Database = await TestPostgres.CreateDatabaseAsync(GetType().Name);
        await using var cluster = await StartClusterAsync(TimeProvider.System, ensureSchema: true);
    }

    /// <summary>Disposes the clusters and drops the database.</summary>
    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    /// <summary>Builds and starts a cluster with a PostgresClient and the users and sessions repositories.</summary>
    protected async Task<Cluster> StartClusterAsync(TimeProvider time, bool ensureSchema = false, string? connectionString = null)
    {
        var cluster = new ClusterBuilder()
            .Provide(time)
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString ?? Database.ConnectionString, EnsureSchemaOnStart = ensureSchema }))
            .Add(PgRepository.Create(PgUser))
            .Add(PgRepository.Create(PgSession))
            .Build();
        _clusters.Add(cluster);
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Runs SQL on the fixture's database.</summary>
    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Returns a new user with a unique email.</summary>
    protected static DocsUser NewUser(string? email = null) =>
        new() { Email = email ?? $"{Guid.NewGuid():N}@example.com", PasswordHash = "hash" };
}
