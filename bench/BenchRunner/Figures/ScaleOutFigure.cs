using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace BenchRunner;

/// <summary>Figure 8: 1, 2 and 3 instances of the complete example on one PostgreSQL: aggregate GET /profile requests/s and PostgreSQL CPU per request.</summary>
internal static class ScaleOutFigure
{
    private const int Connections = 32;
    private const int MaxInstances = 3;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var settings = context.Settings;
        var database = await context.MainDatabaseAsync();
        var instances = new List<ServerProcess>();
        try
        {
            for (var i = 1; i <= MaxInstances; i++)
            {
                instances.Add(await context.StartExampleAsync(database, $"example-scale-{i}"));
            }

            using (var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) })
            {
                foreach (var instance in instances)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance.Url, "/profile"));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchDatabase.Token(1));
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new BenchFailure($"GET /profile on {instance.Name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }

            foreach (var instance in instances)
            {
                BenchContext.EnsureClean((await LoadAsync(context, [instance], settings.WarmUpSeconds))[0], $"{instance.Name} warm-up");
            }

            var levels = Enumerable.Range(1, MaxInstances).ToDictionary(n => n, _ => new List<Level>());
            for (var round = 1; round <= settings.ScaleOutRounds; round++)
            {
                for (var k = 0; k < MaxInstances; k++)
                {
                    var n = ((round + k) % MaxInstances) + 1;
                    var loaded = instances.Take(n).ToList();
                    var cpu = loaded.Select(s => s.CpuTime()).ToList();
                    var postgres = context.PostgresCpuTime();
                    var results = await LoadAsync(context, loaded, settings.ScaleOutSeconds);
                    var postgresUs = (context.PostgresCpuTime() - postgres).TotalMicroseconds;
                    var serverUs = loaded.Select((s, i) => (s.CpuTime() - cpu[i]).TotalMicroseconds).Sum();
                    loaded.ForEach(s => s.EnsureRunning());
                    results.ForEach(r => BenchContext.EnsureClean(r, Report.Invariant($"{n} instance(s), round {round}")));
                    var requests = results.Sum(r => r.Requests);
                    var level = new Level(results.Sum(r => r.RequestsPerSecond), results.Max(r => r.P99), serverUs / requests, postgresUs / requests);
                    levels[n].Add(level);
                    BenchContext.Log(Report.Invariant(
                        $"round {round,2}, {n} instance(s): {level.RequestsPerSecond,8:N0}/s, p99 {level.P99,6:F2} ms, CPU per request: instances {level.ServerCpuUs:F1} us, PostgreSQL {level.PostgresCpuUs:F1} us"));
                }
            }

            Summarize(context, levels);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    // One wrk per loaded instance, all at once, the connections split between them (the same offered concurrency at every level).
    private static async Task<List<WrkResult>> LoadAsync(BenchContext context, IReadOnlyList<ServerProcess> loaded, int seconds)
    {
        var runs = loaded.Select((server, i) => Wrk.RunAsync(
            new Uri(server.Url, "/profile"), (Connections / loaded.Count) + (i < Connections % loaded.Count ? 1 : 0), seconds,
            context.Scripts.Bearer, [context.MainTokens, "/profile"]));
        return [.. await Task.WhenAll(runs)];
    }

    private static void Summarize(BenchContext context, Dictionary<int, List<Level>> levels)
    {
        var settings = context.Settings;
        double Median(int n, Func<Level, double> value) => Stats.Median(levels[n].Select(value));
        var one = Median(1, l => l.RequestsPerSecond);
        var rows = new StringBuilder();
        foreach (var n in levels.Keys.Order())
        {
            var rps = Median(n, l => l.RequestsPerSecond);
            rows.AppendLine(Report.Invariant(
                $"| {n} | {rps:N0} | {rps / one:F2} | {Median(n, l => l.P99):F2} ms | {Median(n, l => l.ServerCpuUs):F1} us | {Median(n, l => l.PostgresCpuUs):F1} us |"));
        }

        var pgAtMax = Median(MaxInstances, l => l.PostgresCpuUs);
        context.Report.Goals.Add(new GoalRow(8, Report.Invariant($"Scale-out: {MaxInstances} instances against 1 on one PostgreSQL, aggregate requests/s"),
            Report.Invariant($"{Median(MaxInstances, l => l.RequestsPerSecond):N0}/s"), Report.Invariant($"{one:N0}/s"),
            Report.Invariant($"{Median(MaxInstances, l => l.RequestsPerSecond) / one:F2}"), "- (one 2-core machine)", null));
        context.Report.Goals.Add(new GoalRow(8, Report.Invariant($"Scale-out: PostgreSQL CPU per GET /profile at {MaxInstances} instances"),
            Report.Invariant($"{pgAtMax:F1} us"), "-", "-", "near 0 with the session cache", null));
        context.Report.Section(8, Report.Invariant($"""
            ## 8. Scale-out: instances on one PostgreSQL

            1, 2 and 3 instances of the complete example (as it ships, as in figure 1) on one PostgreSQL database, all started
            at once; each level loads the first 1, 2 or 3 of them with `GET /profile` at the same time (one wrk per instance, the
            {Connections} connections split between them, tokens rotating over the {settings.SmallSessions:N0} sessions), the levels in
            rotating order, {settings.ScaleOutRounds} rounds of {settings.ScaleOutSeconds} s after a {settings.WarmUpSeconds} s warm-up of each
            instance; medians over the rounds. Requests/s is the sum over the instances; CPU per request is the instances' CPU time
            and the PostgreSQL server's (all its processes, from /proc) over the requests answered.
            Everything shares the machine's cores (instances, PostgreSQL, wrk), so aggregate throughput cannot grow here with
            instances: the figure shows where the CPU goes. With every request a PostgreSQL round trip, PostgreSQL's share is
            the ceiling of any number of instances; a session cache takes it out of the read path.

            | Instances | Requests/s (all) | Against 1 | p99 (worst instance) | Instances' CPU per request | PostgreSQL CPU per request |
            |---:|---:|---:|---:|---:|---:|
            {rows.ToString().TrimEnd()}

            PostgreSQL CPU per request at {MaxInstances} instances: **{pgAtMax:F1} us**.
            """));
    }

    private sealed record Level(double RequestsPerSecond, double P99, double ServerCpuUs, double PostgresCpuUs);
}
