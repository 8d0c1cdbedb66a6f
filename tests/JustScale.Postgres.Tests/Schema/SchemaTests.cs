using System.Text.RegularExpressions;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Schema;

/// <summary>Checks that EnsureSchemaAsync yields exactly the docs' tables, constraints and indexes, idempotently and safely in parallel.</summary>
[TestFixture]
public sealed partial class SchemaTests : PostgresFixture
{
    private const string ColumnsSql = """
        SELECT table_name || '.' || column_name || ' #' || ordinal_position || ' ' || data_type
               || COALESCE('(' || character_maximum_length || ')', '') || ' null=' || is_nullable || ' default=' || COALESCE(column_default, '-')
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'justscale_migrations' ORDER BY table_name, ordinal_position
        """;

    private const string ConstraintsSql = """
        SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'justscale_migrations' ORDER BY 1
        """;

    private const string IndexesSql = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'justscale_migrations' ORDER BY indexname";

    [Test]
    public async Task EnsureSchema_AuthModels_MatchesDocsDdlInCatalog()
    {
        await using var docs = await TestPostgres.CreateDatabaseAsync("docs_schema");
        await ExecuteAsync(docs.ConnectionString, DocsSchema.Sql);

        foreach (var query in new[] { ColumnsSql, ConstraintsSql, IndexesSql })
        {
            var expected = await ListAsync(docs.ConnectionString, query);
            var actual = await ListAsync(Database.ConnectionString, query);
            Assert.That(actual, Is.EqualTo(expected), query);
            Assert.That(actual, Is.Not.Empty);
        }
    }

    [Test]
    public async Task GetSchemaSql_AuthModels_IsTheDocsDdlWithIfNotExists()
    {
        await using var cluster = await StartClusterAsync(TimeProvider.System);

        var sql = cluster.Resolve<PostgresClient>().GetSchemaSql();

        Assert.That(Normalize(sql.Replace(" IF NOT EXISTS", "", StringComparison.Ordinal)), Is.EqualTo(Normalize(DocsSchema.Sql)));
    }

    [Test]
    public async Task EnsureSchema_RunTwice_ChangesNothing()
    {
        var before = await ListAsync(Database.ConnectionString, ColumnsSql + "; " + IndexesSql);
        await using var cluster = await StartClusterAsync(TimeProvider.System);

        await cluster.Resolve<PostgresClient>().EnsureSchemaAsync();
        await cluster.Resolve<PostgresClient>().EnsureSchemaAsync();

        Assert.That(await ListAsync(Database.ConnectionString, ColumnsSql + "; " + IndexesSql), Is.EqualTo(before));
    }

    [Test]
    public async Task EnsureSchema_ManyProcessesAtOnce_AllSucceedOnAFreshDatabase()
    {
        await using var fresh = await TestPostgres.CreateDatabaseAsync("schema_race");
        var clients = Enumerable.Range(0, 6).Select(_ => new PostgresClient(fresh.ConnectionString)).ToList();
        foreach (var client in clients)
        {
            _ = new PgRepository<Models.DocsUser>(client, PgUser, TimeProvider.System);
            _ = new PgRepository<Models.DocsSession>(client, PgSession, TimeProvider.System);
        }

        try
        {
            await Task.WhenAll(clients.Select(c => c.EnsureSchemaAsync()));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        Assert.That(await ListAsync(fresh.ConnectionString, IndexesSql), Has.Count.EqualTo(8));
    }

    private static string Normalize(string sql) =>
        Whitespace().Replace(Comment().Replace(sql, ""), " ").Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal).Trim();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ListAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        do
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        while (await reader.NextResultAsync());

        return rows;
    }

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
