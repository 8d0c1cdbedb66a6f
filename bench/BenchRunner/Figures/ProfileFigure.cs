using System.Net;
using System.Net.Http.Headers;

namespace BenchRunner;

/// <summary>Figure 1: authenticated GET /profile through the complete example against bench/Baseline (minimal API, raw Npgsql).</summary>
internal static class ProfileFigure
{
    private const int Connections = 32;
    private const double Goal = 0.95;
    private const double HitGoal = 0.9;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var database = await context.MainDatabaseAsync();
        await using var uncached = await context.StartExampleAsync(database, "example-uncached", Uncached);
        await using var baseline = await context.StartBaselineAsync(database, "baseline");
        await using var cached = await context.StartExampleAsync(database, "example-cached");
        await CheckSameAnswersAsync(uncached, baseline);
        await CheckSameAnswersAsync(cached, baseline);

        Task<WrkResult> Load(ServerProcess server, int seconds) =>
            Wrk.RunAsync(new Uri(server.Url, "/profile"), Connections, seconds, context.Scripts.Bearer, [context.MainTokens, "/profile"]);
        Rotation.Contender[] contenders =
        [
            new(uncached.Name, uncached, seconds => Load(uncached, seconds)),
            new(baseline.Name, baseline, seconds => Load(baseline, seconds)),
            new(cached.Name, cached, seconds => Load(cached, seconds)),
            new(cached.Name + " /feed", cached, seconds =>
                Wrk.RunAsync(new Uri(cached.Url, "/feed"), Connections, seconds, context.Scripts.Plain, [])), // anonymous, same process
        ];
        var rounds = await Rotation.RunAsync(context, contenders);
        var ratios = rounds.Select(r => r[0].Wrk.RequestsPerSecond / r[1].Wrk.RequestsPerSecond).ToList();
        var (ratio, (min, max)) = (Stats.Median(ratios), Stats.Range(ratios));
        var cachedRatio = Stats.Median(rounds.Select(r => r[2].Wrk.RequestsPerSecond / r[1].Wrk.RequestsPerSecond));
        var hits = rounds.Select(r => r[2].Wrk.RequestsPerSecond / r[3].Wrk.RequestsPerSecond).ToList();
        var (hitRatio, (hitMin, hitMax)) = (Stats.Median(hits), Stats.Range(hits));
        var p50 = Stats.Median(rounds.Select(r => r[1].Wrk.P50 / r[0].Wrk.P50));
        var p99 = Stats.Median(rounds.Select(r => r[1].Wrk.P99 / r[0].Wrk.P99));
        double Rps(int k) => Stats.Median(rounds.Select(r => r[k].Wrk.RequestsPerSecond));
        string Row(string name, int k) => Report.Invariant(
            $"| {name} | {Rps(k):N0} | {Stats.Median(rounds.Select(r => r[k].Wrk.P50)):F2} ms | {Stats.Median(rounds.Select(r => r[k].Wrk.P99)):F2} ms | {Stats.Median(rounds.Select(r => r[k].CpuPerRequestUs)):F1} us | {Stats.Median(rounds.Select(r => r[k].PostgresCpuPerRequestUs)):F1} us |");
        var settings = context.Settings;

        context.Report.Goals.Add(new GoalRow(1, "GET /profile, session cache off (Auth, session + user, JSON): requests/s",
            Report.Invariant($"{Rps(0):N0}/s"), Report.Invariant($"{Rps(1):N0}/s"), Report.Invariant($"{ratio:F3}"), ">= 0.95", ratio >= Goal));
        context.Report.Goals.Add(new GoalRow(1, "GET /profile as shipped on PostgreSQL (session cache on): requests/s",
            Report.Invariant($"{Rps(2):N0}/s"), Report.Invariant($"{Rps(1):N0}/s"), Report.Invariant($"{cachedRatio:F2}"), "-", null));
        context.Report.Goals.Add(new GoalRow(1, "Authentication on a cache hit: GET /profile (Bearer) against the anonymous GET /feed, one process: requests/s",
            Report.Invariant($"{Rps(2):N0}/s"), Report.Invariant($"{Rps(3):N0}/s"), Report.Invariant($"{hitRatio:F3}"), ">= 0.9", hitRatio >= HitGoal));
        context.Report.Section(1, Report.Invariant($"""
            ## 1. Authenticated GET /profile

            `GET /profile` with `Authorization: Bearer <token>`, the tokens rotating over the {settings.SmallSessions:N0} live sessions of
            {settings.Users:N0} users. JustScale: the complete example run as a process (`examples/CompleteExample --port N`, PostgreSQL),
            twice: with the session cache off (`JustScale__Auth__SessionCache__MaxAge=00:00:00`), so that every request goes to PostgreSQL,
            where the `Auth` middleware finds the session and its user in one JOIN; and as it ships (cache on: a hit answers from memory).
            Then the ProfileController writes `{"{"}id, email, name{"}"}`.
            Baseline ([bench/Baseline](../bench/Baseline)): an ASP.NET Core minimal API on the slim builder whose `MapGet` does the same by
            hand with raw Npgsql: the same header checks, the same SHA-256 lookup in one JOIN, the expiry and disabled checks, the
            once-a-minute `last_active_at` write, the same JSON and 401 bodies (the runner checks that all three answer byte for byte alike).
            Both get the same connection string, with `Max Auto Prepare=64` (JustScale's default, which PostgresClient sets when
            a connection string does not say; Npgsql's own default is 0), so both prepare their statements. The baseline keeps
            Npgsql's reset of a pooled connection before each reuse (`No Reset On Close=false`, the default), which JustScale
            skips for its own statements (docs/postgres.md): given `No Reset On Close=true` as well, the baseline is about 6%
            ahead of the example (design/connection-reset.md). Each runs with the GC
            settings of its project (the baseline server GC, the example those chosen in benchmarks-history.md, "Idle memory"), no logging per request.
            The three are loaded in turn, the order rotating by round. wrk: 1 thread, {Connections} connections, {settings.Rounds}
            rounds of {settings.RoundSeconds} s after a {settings.WarmUpSeconds} s warm-up each; medians over the rounds. PostgreSQL CPU is
            the time of all the server's processes during the run (/proc), per request.

            | Server | Requests/s | p50 | p99 | Server CPU per request | PostgreSQL CPU per request |
            |---|---:|---:|---:|---:|---:|
            {Row("Baseline: minimal API `MapGet`, raw Npgsql", 1)}
            {Row("JustScale: the complete example, session cache off", 0)}
            {Row("JustScale: the complete example as shipped (session cache on)", 2)}
            {Row("JustScale: the same process, anonymous `GET /feed` (`OptionalAuth`, no header)", 3)}

            Ratio JustScale (cache off) / baseline, requests/s: **{ratio:F3}** (median of the per-round ratios, range {min:F3} to {max:F3};
            goal >= 0.95: {(ratio >= Goal ? "met" : "missed")}). Latency, baseline / JustScale with the cache off (above 1 means JustScale is
            faster): p50 {p50:F3}, p99 {p99:F3}. With the cache on, JustScale / baseline: {cachedRatio:F2}.

            What authentication costs on a cache hit: the cached `GET /profile` against the anonymous `GET /feed` of the same process
            (no header: `OptionalAuth` finds nothing to look up; both write a small JSON body), in the same rounds: **{hitRatio:F3}**
            (range {hitMin:F3} to {hitMax:F3}; goal >= 0.9: {(hitRatio >= HitGoal ? "met" : "missed")}). A hit digests the token into a stack
            buffer, finds the entry by its characters and answers copies of the cached session and user without a task.
            """));
    }

    private static readonly Dictionary<string, string> Uncached = new() { ["JustScale__Auth__SessionCache__MaxAge"] = "00:00:00" };

    // Both servers must give the same answers before their speed is compared.
    private static async Task CheckSameAnswersAsync(ServerProcess justscale, ServerProcess baseline)
    {
        using var client = new HttpClient();
        async Task<(HttpStatusCode, string)> GetAsync(ServerProcess server, string? authorization)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "/profile"));
            if (authorization is not null)
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            }

            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var cases = new (string? Authorization, HttpStatusCode Status)[]
        {
            ("Bearer " + BenchDatabase.Token(1), HttpStatusCode.OK),
            ("Bearer " + BenchDatabase.Token(2), HttpStatusCode.OK),
            (null, HttpStatusCode.Unauthorized),
            ("Basic abc", HttpStatusCode.Unauthorized),
            ("Bearer " + new string('0', 64), HttpStatusCode.Unauthorized),
        };
        foreach (var (authorization, status) in cases)
        {
            var expected = await GetAsync(justscale, authorization);
            var actual = await GetAsync(baseline, authorization);
            if (expected != actual || expected.Item1 != status)
            {
                throw new BenchFailure($"GET /profile ({authorization ?? "no header"}): expected {status} from both; the example answered {expected}, the baseline {actual}.");
            }
        }
    }
}
