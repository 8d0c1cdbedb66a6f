using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JustScale.Auth;
using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;
using Npgsql;

namespace BenchRunner;

/// <summary>One database on the throwaway server, with the auth schema, seeded with users and sessions by SQL.</summary>
/// <remarks>
/// Users are <c>user0@bench.local</c> ... with <see cref="Password"/>; session <c>g</c> belongs to user <c>g % users</c>
/// and its bearer token is <see cref="Token"/>(g). The table stores the token's SHA-256, as SessionService does.
/// The runner's own cluster on the database (<see cref="Sessions"/>) serves the in-process measurements.
/// </remarks>
internal sealed class BenchDatabase : IAsyncDisposable
{
    /// <summary>The password of every seeded user.</summary>
    public const string Password = "bench-password-1";

    private readonly Cluster _cluster;

    private BenchDatabase(string name, string connectionString, Cluster cluster)
    {
        Name = name;
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    /// <summary>Gets the database name.</summary>
    public string Name { get; }

    /// <summary>Gets the connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the session service of the runner's cluster on this database.</summary>
    public SessionService Sessions => _cluster.Resolve<SessionService>();

    /// <summary>Gets the number of seeded users.</summary>
    public int Users { get; private set; }

    /// <summary>Creates the database and its tables (through PostgresClient's EnsureSchema, as the example does).</summary>
    public static async Task<BenchDatabase> CreateAsync(PostgresServer server, string name)
    {
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        // PostgresClient's default Max Auto Prepare (it sets it when the connection string does not; Npgsql's own is 0),
        // written out so the baselines that use raw Npgsql prepare their statements too: like for like.
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, MaxPoolSize = 50, MaxAutoPrepare = PostgresClient.DefaultMaxAutoPrepare }.ConnectionString;
        var cluster = new ClusterBuilder()
            .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = true }))
            .Add(PgRepository.Create(PgModel.Create<User>(new PgModelOptions { Table = "users" })))
            .Add(PgRepository.Create(PgModel.Create<Session>(new PgModelOptions { Table = "sessions" })))
            .Add(new AuthFeature())
            .Build();
        await cluster.CompileAsync();
        await cluster.StartAsync();
        return new BenchDatabase(name, connectionString, cluster);
    }

    /// <summary>Returns the bearer token of seeded session <paramref name="g"/>: 64 lowercase hex characters.</summary>
    public static string Token(long g) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"bench-session-{g}"))));

    /// <summary>Inserts users with one scrypt hash of <see cref="Password"/> made by PasswordService.</summary>
    public async Task SeedUsersAsync(int count)
    {
        var hash = await _cluster.Resolve<PasswordService>().HashAsync(Password);
        await ExecuteAsync(
            "INSERT INTO users (email, password_hash, name) SELECT 'user' || g || '@bench.local', $1, 'User ' || g FROM generate_series(0, $2 - 1) g",
            hash, count);
        Users = count;
    }

    /// <summary>Inserts sessions <paramref name="first"/> to <paramref name="last"/> (live for 7 days, or expired a day ago) and analyzes the table; returns the time taken.</summary>
    /// <remarks>Rows go in in token order, which keeps the unique token index's inserts sequential (twice as fast as random).
    /// Activity times are spread over a minute, so the once-a-minute <c>last_active_at</c> writes fall due a few at a time,
    /// evenly on both servers of a side-by-side figure, not all in one second of one server's round.</remarks>
    public async Task<TimeSpan> SeedSessionsAsync(long first, long last, bool expired)
    {
        var clock = Stopwatch.StartNew();
        var (expiresAt, activeAt) = expired ? ("now() - interval '1 day'", "now() - interval '8 days'") : ("now() + interval '7 days'", "now()");
        await ExecuteAsync($"""
            INSERT INTO sessions (created_at, user_id, token, user_agent, ip_address, expires_at, last_active_at)
            SELECT {activeAt}, u.id, t.token, 'Mozilla/5.0 (JustScale bench)', '127.0.0.1', {expiresAt}, {activeAt} - (t.g % 60) * interval '1 second'
            FROM (SELECT g, encode(sha256(convert_to(encode(sha256(convert_to('bench-session-' || g, 'UTF8')), 'hex'), 'UTF8')), 'hex') AS token
                  FROM generate_series($1::bigint, $2::bigint) g) t
            JOIN users u ON u.email = 'user' || (t.g % $3) || '@bench.local'
            ORDER BY t.token
            """, first, last, Users);
        await ExecuteAsync("VACUUM ANALYZE sessions");
        await ExecuteAsync("VACUUM ANALYZE users");
        return clock.Elapsed;
    }

    /// <summary>Returns a scalar of a query.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the runner's cluster on the database.</summary>
    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }
}
