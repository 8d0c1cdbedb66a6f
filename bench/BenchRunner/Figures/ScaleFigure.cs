using System.Diagnostics;
using System.Globalization;
using JustScale.Auth;

namespace BenchRunner;

/// <summary>Figure 5: session lookups with 10 thousand against 1 million sessions, and the purge of 1 million expired sessions.</summary>
internal static class ScaleFigure
{
    private const double LookupGoal = 1.3;
    private const double PurgeGoal = 2.0;
    private const int Workers = 2;
    private const int Block = 50;
    private const int LoginConnections = 16;

    /// <summary>Runs both parts and adds the section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var lookups = await LookupsAsync(context);
        var purge = await PurgeAsync(context);
        context.Report.Section(5, lookups + "\n\n" + purge);
    }

    private static async Task<string> LookupsAsync(BenchContext context)
    {
        var settings = context.Settings;
        var small = await context.MainDatabaseAsync();
        var large = await context.CreateDatabaseAsync("bench_large");
        await large.SeedUsersAsync(settings.Users);
        var seeding = await large.SeedSessionsAsync(1, settings.LargeSessions, expired: false);
        BenchContext.Log(Report.Invariant($"seeded {settings.LargeSessions:N0} sessions in bench_large in {seeding.TotalSeconds:F1} s"));

        // The small table's every token; as many tokens spread evenly at random over the large table.
        var random = new Random(7);
        var smallTokens = Enumerable.Range(1, settings.SmallSessions).Select(g => BenchDatabase.Token(g)).ToArray();
        var largeTokens = Enumerable.Range(0, settings.SmallSessions).Select(_ => BenchDatabase.Token(random.NextInt64(1, settings.LargeSessions + 1))).ToArray();
        var sides = new[] { (Database: small, Tokens: smallTokens), (Database: large, Tokens: largeTokens) };

        await MeasureRoundAsync(sides, TimeSpan.FromSeconds(settings.Quick ? 1 : 3)); // warm-up
        var rounds = new List<(double SmallP50, double SmallP99, double LargeP50, double LargeP99, long Count)>();
        for (var round = 1; round <= settings.LookupRounds; round++)
        {
            var (smallTimes, largeTimes) = await MeasureRoundAsync(sides, settings.LookupRound);
            smallTimes.Sort();
            largeTimes.Sort();
            rounds.Add((Stats.Percentile(smallTimes, 50), Stats.Percentile(smallTimes, 99), Stats.Percentile(largeTimes, 50), Stats.Percentile(largeTimes, 99), smallTimes.Count + largeTimes.Count));
            BenchContext.Log(Report.Invariant(
                $"lookups round {round,2}: {settings.SmallSessions:N0} rows p50 {rounds[^1].SmallP50:F3} p99 {rounds[^1].SmallP99:F3} ms; {settings.LargeSessions:N0} rows p50 {rounds[^1].LargeP50:F3} p99 {rounds[^1].LargeP99:F3} ms"));
        }

        var p50 = Stats.Median(rounds.Select(r => r.LargeP50 / r.SmallP50));
        var p99 = Stats.Median(rounds.Select(r => r.LargeP99 / r.SmallP99));
        var medians = (SmallP50: Stats.Median(rounds.Select(r => r.SmallP50)), SmallP99: Stats.Median(rounds.Select(r => r.SmallP99)),
            LargeP50: Stats.Median(rounds.Select(r => r.LargeP50)), LargeP99: Stats.Median(rounds.Select(r => r.LargeP99)));
        var largeName = settings.LargeSessions >= 1_000_000 ? "1 million" : Report.Invariant($"{settings.LargeSessions:N0}");
        context.Report.Goals.Add(new GoalRow(5, Report.Invariant($"Session lookup p50, {largeName} against 10 thousand sessions"),
            Report.Invariant($"{medians.LargeP50:F3} ms"), Report.Invariant($"{medians.SmallP50:F3} ms"), Report.Invariant($"{p50:F3}"), "<= 1.3", p50 <= LookupGoal));
        context.Report.Goals.Add(new GoalRow(5, Report.Invariant($"Session lookup p99, {largeName} against 10 thousand sessions"),
            Report.Invariant($"{medians.LargeP99:F3} ms"), Report.Invariant($"{medians.SmallP99:F3} ms"), Report.Invariant($"{p99:F3}"), "<= 1.3", p99 <= LookupGoal));
        return Report.Invariant($"""
            ## 5. Scale: session lookups and the expired-session purge

            ### Session lookup with {settings.SmallSessions:N0} and with {settings.LargeSessions:N0} sessions

            `SessionService.FindWithUserAsync(token)` (what the `Auth` middleware runs: the session and its user in one JOIN by the
            token's SHA-256) in this process, on two databases of the same server: {settings.SmallSessions:N0} live sessions, and
            {settings.LargeSessions:N0} (seeded with one `INSERT ... SELECT` over `generate_series` in {seeding.TotalSeconds:F0} s), both then
            `VACUUM ANALYZE`d. Tokens: every session of the small table; {settings.SmallSessions:N0} chosen at random over the whole large table.
            {Workers} concurrent callers alternate blocks of {Block} lookups between the two tables; {settings.LookupRounds} rounds of
            {settings.LookupRound.TotalSeconds:F0} s, each giving a p50 and a p99 per table; medians over the rounds.

            | Sessions in the table | p50 | p99 |
            |---:|---:|---:|
            | {settings.SmallSessions:N0} | {medians.SmallP50:F3} ms | {medians.SmallP99:F3} ms |
            | {settings.LargeSessions:N0} | {medians.LargeP50:F3} ms | {medians.LargeP99:F3} ms |

            Ratio large / small (median of the per-round ratios): p50 **{p50:F3}**, p99 **{p99:F3}** (goal <= 1.3: {(p50 <= LookupGoal && p99 <= LookupGoal ? "met" : "missed")}).
            A unique B-tree index grows by a level between the two sizes at most, so a lookup costs about the same.
            """);
    }

    // Alternates blocks of lookups between the two tables on every caller; returns each table's latencies (ms).
    private static async Task<(List<double> Small, List<double> Large)> MeasureRoundAsync((BenchDatabase Database, string[] Tokens)[] sides, TimeSpan duration)
    {
        var times = new[] { new List<double>(), new List<double>() };
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var local = new[] { new List<double>(), new List<double>() };
            var next = worker * 7919;
            for (var block = worker; stop.Elapsed < duration; block++)
            {
                var side = block % 2;
                var (database, tokens) = sides[side];
                for (var n = 0; n < Block; n++)
                {
                    var token = tokens[next++ % tokens.Length];
                    var started = Stopwatch.GetTimestamp();
                    var found = await database.Sessions.FindWithUserAsync(token);
                    local[side].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (found is null)
                    {
                        throw new BenchFailure($"FindWithUserAsync found no session for a seeded token in {database.Name}.");
                    }
                }
            }

            lock (times)
            {
                times[0].AddRange(local[0]);
                times[1].AddRange(local[1]);
            }
        })));
        return (times[0], times[1]);
    }

    private static async Task<string> PurgeAsync(BenchContext context)
    {
        var settings = context.Settings;
        var database = await context.CreateDatabaseAsync("bench_purge");
        await database.SeedUsersAsync(settings.Users);
        var seeding = await database.SeedSessionsAsync(1, settings.ExpiredSessions, expired: true);
        BenchContext.Log(Report.Invariant($"seeded {settings.ExpiredSessions:N0} expired sessions in bench_purge in {seeding.TotalSeconds:F1} s"));

        await using var server = await context.StartExampleAsync(database, "example-purge");
        var login = new Uri(server.Url, "/auth/login");
        string[] arguments = [database.Users.ToString(CultureInfo.InvariantCulture), BenchDatabase.Password];
        Task<WrkResult> LoginAsync(int seconds, CancellationToken stop = default) =>
            Wrk.RunAsync(login, LoginConnections, seconds, context.Scripts.Login, arguments, stop);
        void Check(WrkResult result, string what)
        {
            server.EnsureRunning();
            if (result.SocketErrors > 0 || result.Malformed > 0 || result.Codes.Keys.Any(code => code is not (200 or 503)))
            {
                throw new BenchFailure($"{what}: unexpected answers {string.Join(", ", result.Codes.Select(c => $"{c.Key} x{c.Value}"))}, {result.SocketErrors} socket errors\n{result.Output}");
            }
        }

        await BenchContext.LoginOnceAsync(server);
        Check(await Wrk.RunAsync(login, 2, settings.WarmUpSeconds, context.Scripts.Login, arguments), "login warm-up");
        var before = await LoginAsync(settings.PurgeLoginSeconds);
        Check(before, "login before the purge");

        // Logins run while the purge deletes; wrk is stopped (SIGINT, it then reports) as soon as the purge returns.
        using var purgeDone = new CancellationTokenSource();
        var during = LoginAsync(3600, purgeDone.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();
        var removed = await database.Sessions.RevokeExpiredAsync();
        var purgeTime = clock.Elapsed;
        await purgeDone.CancelAsync();
        var duringResult = await during;
        Check(duringResult, "login during the purge");
        var after = await LoginAsync(settings.PurgeLoginSeconds);
        Check(after, "login after the purge");

        var left = await database.CountAsync("SELECT count(*) FROM sessions WHERE expires_at <= now()");
        if (removed != settings.ExpiredSessions || left != 0)
        {
            throw new BenchFailure($"RevokeExpiredAsync removed {removed} sessions of {settings.ExpiredSessions}; {left} expired sessions are left.");
        }

        var without = (before.P99 + after.P99) / 2;
        var ratio = duringResult.P99 / without;
        var rate = removed / purgeTime.TotalSeconds;
        var expiredName = settings.ExpiredSessions >= 1_000_000 ? "1 million" : Report.Invariant($"{settings.ExpiredSessions:N0}");
        BenchContext.Log(Report.Invariant($"purge: {removed:N0} rows in {purgeTime.TotalSeconds:F1} s; login p99 {before.P99:F0} / {duringResult.P99:F0} / {after.P99:F0} ms"));
        context.Report.Goals.Add(new GoalRow(5, Report.Invariant($"RevokeExpiredAsync over {expiredName} expired sessions: time"),
            Report.Invariant($"{purgeTime.TotalSeconds:F1} s"), "-", "-", "-", null));
        context.Report.Goals.Add(new GoalRow(5, "Login p99 during the purge against without",
            Report.Invariant($"{duringResult.P99:F0} ms"), Report.Invariant($"{without:F0} ms"), Report.Invariant($"{ratio:F2}"), "<= 2", ratio <= PurgeGoal));
        string Row(string name, WrkResult r) => Report.Invariant(
            $"| {name} | {r.Seconds:F1} s | {r.Count(200) / r.Seconds:F1} | {r.Count(503):N0} | {r.P50:F0} ms | {r.P99:F0} ms |");
        return Report.Invariant($"""
            ### Purging {settings.ExpiredSessions:N0} expired sessions under login load

            {settings.ExpiredSessions:N0} expired sessions (seeded in {seeding.TotalSeconds:F0} s) in a database of their own, behind the complete
            example. `SessionService.RevokeExpiredAsync()` (in this process; batches of {new AuthOptions().RevokeExpiredBatchSize:N0} rows, one
            `DELETE` each) runs while wrk sends logins at {LoginConnections} connections; the same login load runs for {settings.PurgeLoginSeconds} s
            before and after the purge, and "without" is the mean of those two p99s.

            RevokeExpiredAsync removed {removed:N0} sessions in **{purgeTime.TotalSeconds:F1} s** ({rate:N0} rows/s).

            | Login load | Length | Logins/s | 503s | p50 | p99 |
            |---|---:|---:|---:|---:|---:|
            {Row("before the purge", before)}
            {Row("during the purge", duringResult)}
            {Row("after the purge", after)}

            Login p99 during the purge / without: **{ratio:F2}** (goal <= 2: {(ratio <= PurgeGoal ? "met" : "missed")}).
            """);
    }
}
