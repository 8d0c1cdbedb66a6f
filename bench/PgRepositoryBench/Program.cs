// Lookups by a unique indexed column, per second: PgRepository<T>.FindOneAsync against hand-written Npgsql that
// sends the same SQL with the same typed parameter and reads the row into the same entity.
// Usage: dotnet run -c Release --project bench/PgRepositoryBench [-- --quick] [--check] [--join]
//   --quick  short rounds (CI smoke run); --check  exit 1 when the ratio is below 0.95;
//   --join   FindOneWithAsync (the session with its user, one JOIN: GET /profile's lookup) against the same JOIN by hand.
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
var join = args.Contains("--join");
var round = TimeSpan.FromSeconds(quick ? 1 : 3);
var rounds = quick ? 2 : 10;
const int Workers = 16;
const int Rows = 10_000;

try
{
    await using var database = await TestPostgres.CreateDatabaseAsync("bench");
    // Both sides prepare their statements: PostgresClient's default Max Auto Prepare, given to raw Npgsql too (Npgsql's own is 0).
    var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxAutoPrepare = PostgresClient.DefaultMaxAutoPrepare }.ConnectionString;
    await using var cluster = new ClusterBuilder()
        .Add(new PostgresClient(new PostgresClientOptions { ConnectionString = connectionString, EnsureSchemaOnStart = true }))
        .Add(PgRepository.Create(PgModel.Create<BenchUser>(new PgModelOptions { Table = "users" })))
        .Add(PgRepository.Create(PgModel.Create<BenchSession>(new PgModelOptions { Table = "sessions" })))
        .Build();
    await cluster.CompileAsync();
    await cluster.StartAsync();
    var sessions = cluster.Resolve<IRepository<BenchSession>>();
    var tokenField = BenchSession.Model.Field(s => s.Token);
    var userField = BenchSession.Model.Field(s => s.User);

    await using var raw = NpgsqlDataSource.Create(connectionString);
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

    const string RawJoinSql = "SELECT t.id, t.user_id, t.token, t.user_agent, t.ip_address, t.expires_at, t.last_active_at, t.created_at, " +
        "r.id, r.email, r.password_hash, r.created_at, r.updated_at FROM sessions t JOIN users r ON r.id = t.user_id WHERE t.token = $1 LIMIT 1";

    async Task RepositoryLookup(string token)
    {
        var found = join
            ? (await sessions.FindOneWithAsync<BenchUser>(Filter<BenchSession>.Where(tokenField, token), userField))?.Entity
            : await sessions.FindOneAsync(Filter<BenchSession>.Where(tokenField, token));
        if (found is null)
        {
            throw new InvalidOperationException("missing row");
        }
    }

    async Task RawLookup(string token)
    {
        await using var command = raw.CreateCommand(join ? RawJoinSql : RawSql);
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
        if (join)
        {
            _ = new BenchUser
            {
                Id = reader.GetGuid(8),
                Email = reader.GetString(9),
                PasswordHash = reader.GetString(10),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(11),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(12),
            };
        }
    }

    // Every worker alternates blocks of lookups between the two paths, so load from anything else on the machine
    // falls on both alike; each path's rate is its lookups over the time its blocks took (per worker).
    async Task<(double Repository, double Baseline)> MeasureAsync(TimeSpan duration)
    {
        const int Block = 32;
        var stop = Stopwatch.StartNew();
        long repositoryTicks = 0, baselineTicks = 0, repositoryOps = 0, baselineOps = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var i = worker * 613;
            var repositoryFirst = worker % 2 == 0;
            while (stop.Elapsed < duration)
            {
                for (var side = 0; side < 2; side++)
                {
                    var useRepository = (side == 0) == repositoryFirst;
                    var lookup = useRepository ? (Func<string, Task>)RepositoryLookup : RawLookup;
                    var started = Stopwatch.GetTimestamp();
                    for (var n = 0; n < Block; n++)
                    {
                        await lookup(tokens[i++ % tokens.Length]);
                    }

                    var elapsed = Stopwatch.GetTimestamp() - started;
                    Interlocked.Add(ref useRepository ? ref repositoryTicks : ref baselineTicks, elapsed);
                    Interlocked.Add(ref useRepository ? ref repositoryOps : ref baselineOps, Block);
                }
            }
        })));
        double Rate(long ops, long ticks) => ops / ((double)ticks / Stopwatch.Frequency / Workers);
        return (Rate(repositoryOps, repositoryTicks), Rate(baselineOps, baselineTicks));
    }

    // Warm up both paths (JIT, pools, plans), then measure rounds and take the medians.
    await MeasureAsync(TimeSpan.FromSeconds(2));
    var repository = new List<double>();
    var baseline = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        var (repositoryRate, baselineRate) = await MeasureAsync(round);
        repository.Add(repositoryRate);
        baseline.Add(baselineRate);
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // Client-side cost, which machine load barely moves: bytes allocated and CPU time of this process per lookup, one caller,
    // alternating blocks of 100 between the two paths.
    async Task<(double Bytes, double CpuMicroseconds)> CostAsync(Func<string, Task> lookup, int blocks)
    {
        long bytes = 0;
        var cpu = TimeSpan.Zero;
        for (var b = 0; b < blocks; b++)
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var n = 0; n < 100; n++)
            {
                await lookup(tokens[((b * 100) + n) % tokens.Length]);
            }

            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            bytes += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        return ((double)bytes / (blocks * 100), cpu.TotalMicroseconds / (blocks * 100));
    }

    var repositoryCost = (Bytes: 0.0, Cpu: 0.0);
    var baselineCost = (Bytes: 0.0, Cpu: 0.0);
    for (var r = 0; r < (quick ? 2 : 10); r++)
    {
        var (repositoryBytes, repositoryCpu) = await CostAsync(RepositoryLookup, 5);
        var (baselineBytes, baselineCpu) = await CostAsync(RawLookup, 5);
        repositoryCost = (repositoryCost.Bytes + repositoryBytes, repositoryCost.Cpu + repositoryCpu);
        baselineCost = (baselineCost.Bytes + baselineBytes, baselineCost.Cpu + baselineCpu);
    }

    var costRounds = quick ? 2 : 10;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Per lookup, one caller: PgRepository {repositoryCost.Bytes / costRounds:F0} B allocated, {repositoryCost.Cpu / costRounds:F1} us CPU; " +
        $"raw Npgsql {baselineCost.Bytes / costRounds:F0} B, {baselineCost.Cpu / costRounds:F1} us CPU (this process only)"));

    var ratio = Median(repository) / Median(baseline);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"PgRepository {(join ? "FindOneWithAsync (session JOIN user)" : "FindOneAsync")} by unique token: {Median(repository):F0}/s; raw Npgsql, same query: {Median(baseline):F0}/s; " +
        $"ratio {ratio:F3} ({Workers} concurrent callers, {rounds} rounds of {round.TotalSeconds:F0} s, interleaved, {Environment.ProcessorCount} cores)"));
    return check && ratio < 0.95 ? 1 : 0;
}
finally
{
    await TestPostgres.ShutdownAsync();
}
