using System.Net;
using System.Net.Http.Headers;

namespace BenchRunner;

/// <summary>Figure 1: authenticated GET /profile through the complete example against bench/Baseline (minimal API, raw Npgsql).</summary>
internal static class ProfileFigure
{
    private const int Connections = 32;
    private const double Goal = 0.95;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var database = await context.MainDatabaseAsync();
        await using var justscale = await context.StartExampleAsync(database, "example");
        await using var baseline = await context.StartBaselineAsync(database, "baseline");
        await CheckSameAnswersAsync(justscale, baseline);

        var rounds = await SideBySide.RunAsync(context, justscale, baseline, (server, seconds) =>
            Wrk.RunAsync(new Uri(server.Url, "/profile"), Connections, seconds, context.Scripts.Bearer, [context.MainTokens, "/profile"]));
        var (table, ratio, min, max) = SideBySide.Summarize(rounds, "JustScale: the complete example's ProfileController", "Baseline: minimal API `MapGet`, raw Npgsql");
        var p50 = Stats.Median(rounds.Select(r => r.Baseline.Wrk.P50 / r.Subject.Wrk.P50));
        var p99 = Stats.Median(rounds.Select(r => r.Baseline.Wrk.P99 / r.Subject.Wrk.P99));
        var settings = context.Settings;
        var rps = (Subject: Stats.Median(rounds.Select(r => r.Subject.Wrk.RequestsPerSecond)), Baseline: Stats.Median(rounds.Select(r => r.Baseline.Wrk.RequestsPerSecond)));

        context.Report.Goals.Add(new GoalRow(1, "GET /profile (Auth, session + user, JSON): requests/s",
            Report.Invariant($"{rps.Subject:N0}/s"), Report.Invariant($"{rps.Baseline:N0}/s"), Report.Invariant($"{ratio:F3}"), ">= 0.95", ratio >= Goal));
        context.Report.Section(1, Report.Invariant($"""
            ## 1. Authenticated GET /profile

            `GET /profile` with `Authorization: Bearer <token>`, the tokens rotating over the {settings.SmallSessions:N0} live sessions of
            {settings.Users:N0} users. JustScale: the complete example run as a process (`examples/CompleteExample --port N`, PostgreSQL):
            the `Auth` middleware finds the session and its user in one JOIN, then the ProfileController writes `{"{"}id, email, name{"}"}`.
            Baseline ([bench/Baseline](../bench/Baseline)): an ASP.NET Core minimal API on the slim builder whose `MapGet` does the same by
            hand with raw Npgsql: the same header checks, the same SHA-256 lookup in one JOIN, the expiry and disabled checks, the
            once-a-minute `last_active_at` write, the same JSON and 401 bodies (the runner checks that both answer byte for byte alike).
            Both get the same connection string, with `Max Auto Prepare=64` (JustScale's default, which PostgresClient sets when
            a connection string does not say; Npgsql's own default is 0), so both prepare their statements; each with the GC
            settings of its project (the baseline server GC, the example those of "Idle memory" below), no logging per request. wrk: 1 thread, {Connections} connections, {settings.Rounds}
            alternating rounds of {settings.RoundSeconds} s after a {settings.WarmUpSeconds} s warm-up each; medians over the rounds.

            {table}

            Ratio JustScale / baseline, requests/s: **{ratio:F3}** (median of the per-round ratios, range {min:F3} to {max:F3}; goal >= 0.95:
            {(ratio >= Goal ? "met" : "missed")}). Latency, baseline / JustScale (above 1 means JustScale is faster): p50 {p50:F3}, p99 {p99:F3}.
            """));
    }

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
