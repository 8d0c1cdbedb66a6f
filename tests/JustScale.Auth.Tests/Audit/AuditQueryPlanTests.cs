using System.Diagnostics;
using System.Globalization;
using JustScale.Auth.Tests.Support;
using JustScale.Core;
using JustScale.Postgres;
using JustScale.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JustScale.Auth.Tests.Audit;

/// <summary>Shows that both audit questions are one index scan on PostgreSQL with a large table: the statements the
/// repository really sends are explained (EXPLAIN ANALYZE) over a seeded table of many users' events.</summary>
/// <remarks>300,000 rows here (seeded in a few seconds); JUSTSCALE_RELIABILITY=full seeds 2,000,000. docs/design/audit-and-webhooks.md
/// shows the plans.</remarks>
[TestFixture]
public sealed class AuditQueryPlanTests
{
    private static readonly int Rows = Environment.GetEnvironmentVariable("JUSTSCALE_RELIABILITY") == "full" ? 2_000_000 : 300_000;
    private AuthTestCluster _auth = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _auth = await AuthTestCluster.CreateAsync(StoreKind.Postgres, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), compose: builder => builder
            .Add(PgRepository.Create(PgModel.Create<AuditEntry>(new PgModelOptions { Table = "audit_events" })))
            .Add(new AuditFeature()));
        await using var connection = new NpgsqlConnection(_auth.ConnectionString);
        await connection.OpenAsync();
        // 20,000 users with their events spread over a year; every type common but bans.
        await using var seed = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO audit_events (id, created_at, user_id, type, occurred_at, ip_address, user_agent, count)
            SELECT gen_random_uuid(), t, ('00000000-0000-7000-8000-' || lpad(to_hex(i % 20000), 12, '0'))::uuid,
                   CASE WHEN i % 1000 = 0 THEN 'auth.user_banned' ELSE (@types)[1 + i % cardinality(@types)] END, t, '10.0.0.1', 'seed', 1
            FROM generate_series(1, {Rows}) AS i, LATERAL (SELECT timestamptz '2025-12-01' + i * interval '100 seconds' AS t) AS times;
            ANALYZE audit_events;
            """), connection) { CommandTimeout = 600 };
        seed.Parameters.AddWithValue("types", AuthEventTypes.All.Where(t => t != "auth.user_banned").ToArray()); // bans are rare: 1 row in 1,000
        await seed.ExecuteNonQueryAsync();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _auth.DisposeAsync();

    [Test]
    public async Task Activity_ManyRows_OneBackwardIndexScanWithoutSort()
    {
        var user = Guid.Parse("00000000-0000-7000-8000-000000000123");
        var log = _auth.Cluster.Resolve<AuditLog>();
        var first = await log.ListAsync(new AuditQuery { UserId = user, Limit = 10 });
        var (sql, plan) = await ExplainAsync(
            () => log.ListAsync(new AuditQuery { UserId = user, Limit = 10, Cursor = first.NextCursor }), "user_id = $1 AND occurred_at <= $2 AND ((occurred_at < $3) OR (id < $4))");

        TestContext.Out.WriteLine(sql + "\n" + plan);
        Assert.That(plan, Does.Contain("Index Scan Backward using").And.Not.Contain("Sort"));
        Assert.That(plan, Does.Contain("user_id").And.Not.Contain("Seq Scan"));
    }

    [Test]
    public async Task AdminByRareType_ManyRows_ScansTheTypeIndexWithoutSort()
    {
        var log = _auth.Cluster.Resolve<AuditLog>();
        var (sql, plan) = await ExplainAsync(
            () => log.ListAsync(new AuditQuery { Type = "auth.user_banned", Limit = 50, From = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero) }),
            "type = $1 AND occurred_at >= $2",
            "'auth.user_banned', '2026-03-01T00:00:00Z', 51"); // the values sent: a custom plan, as PostgreSQL makes for the first executions

        TestContext.Out.WriteLine(sql + "\n" + plan);
        Assert.That(plan, Does.Contain("Index Scan Backward using idx_audit_events_type_occurred_at_id").And.Not.Contain("Sort").And.Not.Contain("Seq Scan"));
    }

    [Test]
    public async Task AdminByCommonType_ManyRows_OneBackwardIndexScanWithoutSort()
    {
        var log = _auth.Cluster.Resolve<AuditLog>();
        var (sql, plan) = await ExplainAsync(
            () => log.ListAsync(new AuditQuery { Type = "auth.login_failed", Limit = 50 }), "type = $1", "'auth.login_failed', 51");

        TestContext.Out.WriteLine(sql + "\n" + plan);
        Assert.That(plan, Does.Contain("Index Scan Backward using").And.Not.Contain("Sort").And.Not.Contain("Seq Scan"));
    }

    // Runs the query once to capture the statement and its parameters as Npgsql sent them, then explains that statement.
    // The listener sees every fixture's commands (they run in parallel): only a statement of the expected shape is taken.
    private async Task<(string Sql, string Plan)> ExplainAsync(Func<Task<AuditPage>> query, string shape, string? values = null)
    {
        NpgsqlCommand? captured = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() is { } text && text.Contains("FROM audit_events WHERE " + shape + " ORDER BY", StringComparison.Ordinal))
                {
                    captured = new NpgsqlCommand(text);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var page = await query();
        Assert.That(captured, Is.Not.Null);
        Assert.That(page.Items, Is.Not.Empty);

        // The plan of the exact text: with no values, the generic plan (the one a prepared statement settles on, for any values).
        await using var connection = new NpgsqlConnection(_auth.ConnectionString);
        await connection.OpenAsync();
        var parameters = System.Text.RegularExpressions.Regex.Matches(captured!.CommandText, @"\$(\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Max();
        await using var explain = new NpgsqlCommand(
            values is null
                ? $"SET plan_cache_mode = force_generic_plan; PREPARE audit_query AS {captured.CommandText}; EXPLAIN EXECUTE audit_query({string.Join(", ", Enumerable.Repeat("NULL", parameters))})"
                : $"SET plan_cache_mode = force_custom_plan; PREPARE audit_query AS {captured.CommandText}; EXPLAIN ANALYZE EXECUTE audit_query({values})",
            connection);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        while (await reader.NextResultAsync());

        return (captured.CommandText, string.Join('\n', lines));
    }
}
