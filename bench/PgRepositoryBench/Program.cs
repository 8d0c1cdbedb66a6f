// Lookups by a unique indexed column, per second: PgRepository<T>.FindOneAsync against hand-written Npgsql that
// sends the same SQL with the same typed parameter and reads the row into the same entity.
// Usage: dotnet run -c Release --project bench/PgRepositoryBench [-- --quick] [--check]
//   --quick  short rounds (CI smoke run); --check  exit 1 when the ratio is below 0.95.
// The server comes from JustScale.Testing's TestPostgres (JUSTSCALE_TEST_DB, Docker or local binaries).
using System.Diagnostics;
using System.Globalization;
using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;
using Npgsql;
using NpgsqlTypes;
using PgRepositoryBench;

var quick = args.Contains("--quick");
var check = args.Contains("--check");
var round = TimeSpan.FromSeconds(quick ? 1 : 5);
var rounds = quick ? 2 : 6;
const int Workers = 16;
const int Rows = 10_000;

try
{
    await using var database = await TestPostgres.CreateDatabaseAsync("bench");
    await using var cluster = new ClusterBuilder()
        .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = database.ConnectionString, EnsureSchemaOnStart = true }))
        .Add(PgRepository.Create(PgModel.Create<BenchUser>(new PgModelOptions { Table = "users" })))
        .Add(PgRepository.Create(PgModel.Create<BenchSession>(new PgModelOptions { Table = "sessions" })))
        .Build();
    await cluster.CompileAsync();
    await cluster.StartAsync();
    var sessions = cluster.Resolve<IRepository<BenchSession>>();
    var tokenField = BenchSession.Model.Field(s => s.Token);

    await using var raw = NpgsqlDataSource.Create(database.ConnectionString);
    await using (var seed = raw.CreateCommand($"""
        INSERT INTO users (email, password_hash) VALUES ('bench@example.com', 'h');
        INSERT INTO sessions (user_id, token, user_agent, ip_address, expires_at, last_active_at)
          SELECT (SELECT id FROM users), 'token-' || g, 'Mozilla/5.0', '127.0.0.1', NOW() + interval '7 days', NOW()
          FROM generate_series(1, {Rows}) g;
        ANALYZE users; ANALYZE sessions;
        """))
    {
        await seed.ExecuteNonQueryAsync();
    }

    var tokens = Enumerable.Range(1, Rows).Select(i => "token-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
    const string RawSql = "SELECT id, user_id, token, user_agent, ip_address, expires_at, last_active_at, created_at FROM sessions WHERE token = $1 ORDER BY created_at, id LIMIT 1";

    async Task RepositoryLookup(string token)
    {
        var found = await sessions.FindOneAsync(Filter<BenchSession>.Where(tokenField, token));
        if (found is null)
        {
            throw new InvalidOperationException("missing row");
        }
    }

    async Task RawLookup(string token)
    {
        await using var command = raw.CreateCommand(RawSql);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = token });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow);
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("missing row");
        }

        _ = new BenchSession
        {
            Id = reader.GetGuid(0),
            User = new Reference<BenchUser>(reader.GetGuid(1)),
            Token = reader.GetString(2),
            UserAgent = reader.IsDBNull(3) ? null : reader.GetString(3),
            IpAddress = reader.IsDBNull(4) ? null : reader.GetString(4),
            ExpiresAt = reader.GetFieldValue<DateTimeOffset>(5),
            LastActiveAt = reader.GetFieldValue<DateTimeOffset>(6),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(7),
        };
    }

    async Task<double> MeasureAsync(Func<string, Task> lookup, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        long done = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var i = worker * 613;
            while (stop.Elapsed < duration)
            {
                await lookup(tokens[i++ % tokens.Length]);
                Interlocked.Increment(ref done);
            }
        })));
        return done / stop.Elapsed.TotalSeconds;
    }

    // Warm up both paths (JIT, pools, plans), then alternate rounds so drift hits both alike.
    await MeasureAsync(RepositoryLookup, TimeSpan.FromSeconds(1));
    await MeasureAsync(RawLookup, TimeSpan.FromSeconds(1));
    var repository = new List<double>();
    var baseline = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        if (r % 2 == 0)
        {
            repository.Add(await MeasureAsync(RepositoryLookup, round));
            baseline.Add(await MeasureAsync(RawLookup, round));
        }
        else
        {
            baseline.Add(await MeasureAsync(RawLookup, round));
            repository.Add(await MeasureAsync(RepositoryLookup, round));
        }
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    var ratio = Median(repository) / Median(baseline);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"PgRepository FindOneAsync by unique token: {Median(repository):F0}/s; raw Npgsql, same query: {Median(baseline):F0}/s; " +
        $"ratio {ratio:F3} ({Workers} concurrent callers, {rounds} rounds of {round.TotalSeconds:F0} s, {Environment.ProcessorCount} cores)"));
    return check && ratio < 0.95 ? 1 : 0;
}
finally
{
    await TestPostgres.ShutdownAsync();
}
