using System.Globalization;

namespace BenchRunner;

/// <summary>Figure 2: a trivial JSON route, JustScale's DSL against a minimal API MapGet (the servers of bench/HttpBench).</summary>
internal static class TrivialRouteFigure
{
    private const int Connections = 64;
    private const double Goal = 0.95;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        Task<ServerProcess> StartAsync(string kind) => ServerProcess.StartAsync(
            kind == "justscale" ? "httpbench-justscale" : "httpbench-minimal",
            context.Paths.HttpBench,
            port => ["serve", kind, port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string>(),
            "/hello",
            context.WorkDirectory);

        await using var justscale = await StartAsync("justscale");
        await using var minimal = await StartAsync("minimal");
        using (var client = new HttpClient())
        {
            var a = await client.GetStringAsync(new Uri(justscale.Url, "/hello"));
            var b = await client.GetStringAsync(new Uri(minimal.Url, "/hello"));
            if (a != b || a != """{"message":"Hello, World!"}""")
            {
                throw new BenchFailure($"GET /hello: JustScale answered {a}, the minimal API {b}.");
            }
        }

        var rounds = await SideBySide.RunAsync(context, justscale, minimal, (server, seconds) =>
            Wrk.RunAsync(new Uri(server.Url, "/hello"), Connections, seconds, context.Scripts.Plain, []));
        var (table, ratio, min, max) = SideBySide.Summarize(rounds, "JustScale.Http `Get(\"/hello\").Handle(...)`", "Minimal API `MapGet`");
        var rps = (Subject: Stats.Median(rounds.Select(r => r.Subject.Wrk.RequestsPerSecond)), Baseline: Stats.Median(rounds.Select(r => r.Baseline.Wrk.RequestsPerSecond)));
        var cpu = Stats.Median(rounds.Select(r => r.Subject.CpuPerRequestUs / r.Baseline.CpuPerRequestUs));
        var settings = context.Settings;

        context.Report.Goals.Add(new GoalRow(2, "Trivial JSON route: requests/s",
            Report.Invariant($"{rps.Subject:N0}/s"), Report.Invariant($"{rps.Baseline:N0}/s"), Report.Invariant($"{ratio:F3}"), ">= 0.95", ratio >= Goal));
        context.Report.Section(2, Report.Invariant($"""
            ## 2. Trivial JSON route

            `GET /hello` answering `{"{"}"message":"Hello, World!"{"}"}`, served by the two servers of [bench/HttpBench](../bench/HttpBench) (its
            `serve justscale|minimal` modes; see "Trivial JSON route" in benchmarks-history.md for the servers and earlier runs). wrk: 1 thread, {Connections} connections,
            {settings.Rounds} alternating rounds of {settings.RoundSeconds} s after a {settings.WarmUpSeconds} s warm-up each; medians over the rounds.

            {table}

            Ratio JustScale / minimal API, requests/s: **{ratio:F3}** (median of the per-round ratios, range {min:F3} to {max:F3}; goal >= 0.95:
            {(ratio >= Goal ? "met" : "missed")}). Server CPU per request, JustScale / minimal API: {cpu:F3}.
            """));
    }
}
