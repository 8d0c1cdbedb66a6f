namespace BenchRunner;

/// <summary>Loads two servers with the same wrk run in alternating rounds and keeps each round's pair.</summary>
/// <remarks>
/// Both servers run at once; short runs alternate between them, and which goes first alternates by round, so a change
/// in the machine's load falls on both alike. Each round gives one ratio; reports use the median of those ratios.
/// Loading both at the same time instead was tried and dropped: the two servers then compete for the cores, and the one
/// whose threads the scheduler favours serves more (the trivial route came out at 0.77 with CPU per request 1.2x, where
/// taken in turns the two are at parity on both counts), which measures scheduling, not the code.
/// </remarks>
internal static class SideBySide
{
    /// <summary>Warms both servers up, then measures the rounds; any error response or socket error fails the run.</summary>
    public static async Task<IReadOnlyList<Round>> RunAsync(BenchContext context, ServerProcess subject, ServerProcess baseline, Func<ServerProcess, int, Task<WrkResult>> run)
    {
        foreach (var server in new[] { subject, baseline })
        {
            BenchContext.EnsureClean(await run(server, context.Settings.WarmUpSeconds), $"{server.Name} warm-up");
        }

        var rounds = new List<Round>();
        for (var round = 1; round <= context.Settings.Rounds; round++)
        {
            var order = round % 2 == 1 ? new[] { subject, baseline } : [baseline, subject];
            var results = new Dictionary<ServerProcess, Run>();
            foreach (var server in order)
            {
                var before = server.CpuTime();
                var result = await run(server, context.Settings.RoundSeconds);
                var cpu = server.CpuTime() - before;
                server.EnsureRunning();
                BenchContext.EnsureClean(result, $"{server.Name} round {round}");
                results[server] = new Run(result, cpu.TotalMicroseconds / result.Requests);
            }

            var pair = new Round(results[subject], results[baseline]);
            rounds.Add(pair);
            BenchContext.Log(Report.Invariant(
                $"round {round,2}: {subject.Name} {pair.Subject.Wrk.RequestsPerSecond,8:N0}/s p99 {pair.Subject.Wrk.P99,6:F2} ms   {baseline.Name} {pair.Baseline.Wrk.RequestsPerSecond,8:N0}/s p99 {pair.Baseline.Wrk.P99,6:F2} ms   ratio {pair.Ratio:F3}"));
        }

        return rounds;
    }

    /// <summary>Renders the comparison table (medians over the rounds) and returns the median ratio with its range.</summary>
    public static (string Table, double Ratio, double Min, double Max) Summarize(IReadOnlyList<Round> rounds, string subjectName, string baselineName)
    {
        string Row(string name, IEnumerable<Run> runs)
        {
            var list = runs.ToList();
            return Report.Invariant(
                $"| {name} | {Stats.Median(list.Select(r => r.Wrk.RequestsPerSecond)):N0} | {Stats.Median(list.Select(r => r.Wrk.P50)):F2} ms | {Stats.Median(list.Select(r => r.Wrk.P99)):F2} ms | {Stats.Median(list.Select(r => r.CpuPerRequestUs)):F1} us |");
        }

        var table = string.Join('\n',
            "| Server | Requests/s | p50 | p99 | Server CPU per request |",
            "|---|---:|---:|---:|---:|",
            Row(baselineName, rounds.Select(r => r.Baseline)),
            Row(subjectName, rounds.Select(r => r.Subject)));
        var ratios = rounds.Select(r => r.Ratio).ToList();
        var (min, max) = Stats.Range(ratios);
        return (table, Stats.Median(ratios), min, max);
    }

    /// <summary>One server's run: wrk's result and the server's CPU time per request in microseconds.</summary>
    internal sealed record Run(WrkResult Wrk, double CpuPerRequestUs);

    /// <summary>One round: the subject's and the baseline's runs, and the ratio of their request rates.</summary>
    internal sealed record Round(Run Subject, Run Baseline)
    {
        /// <summary>Gets subject requests/s over baseline requests/s.</summary>
        public double Ratio => Subject.Wrk.RequestsPerSecond / Baseline.Wrk.RequestsPerSecond;
    }
}
