namespace BenchRunner;

/// <summary>Loads several contenders with short wrk runs in rotating order, round after round, and keeps every round's runs.</summary>
/// <remarks>
/// The same design as <see cref="SideBySide"/> for more than two: all the servers run at once but only one is loaded at a time,
/// and the order rotates by round, so a change in the machine's load falls on every contender alike. A contender is a route of a
/// server, so one server may appear twice (Identity's stateless and database-backed routes).
/// </remarks>
internal static class Rotation
{
    /// <summary>Warms every contender up, then measures the rounds; any error response or socket error fails the run.</summary>
    /// <returns>One list per round, in the contenders' order.</returns>
    public static async Task<IReadOnlyList<IReadOnlyList<Measured>>> RunAsync(BenchContext context, IReadOnlyList<Contender> contenders)
    {
        foreach (var contender in contenders)
        {
            BenchContext.EnsureClean(await contender.Run(context.Settings.WarmUpSeconds), $"{contender.Name} warm-up");
        }

        var rounds = new List<IReadOnlyList<Measured>>();
        for (var round = 1; round <= context.Settings.Rounds; round++)
        {
            var runs = new Measured[contenders.Count];
            for (var k = 0; k < contenders.Count; k++)
            {
                var index = (round + k) % contenders.Count;
                var contender = contenders[index];
                var before = contender.Server.CpuTime();
                var postgresBefore = context.PostgresCpuTime();
                var result = await contender.Run(context.Settings.RoundSeconds);
                var postgres = context.PostgresCpuTime() - postgresBefore;
                var cpu = contender.Server.CpuTime() - before;
                contender.Server.EnsureRunning();
                BenchContext.EnsureClean(result, $"{contender.Name} round {round}");
                runs[index] = new Measured(result, cpu.TotalMicroseconds / result.Requests, postgres.TotalMicroseconds / result.Requests);
            }

            rounds.Add(runs);
            BenchContext.Log(Report.Invariant($"round {round,2}: ") + string.Join("   ", contenders.Select((c, i) =>
                Report.Invariant($"{c.Name} {runs[i].Wrk.RequestsPerSecond,8:N0}/s p99 {runs[i].Wrk.P99,6:F2} ms"))));
        }

        return rounds;
    }

    /// <summary>One contender: a name, the server that answers it (whose CPU time is measured) and its wrk run for a number of seconds.</summary>
    /// <param name="Name">The contender's name in logs.</param>
    /// <param name="Server">The server process.</param>
    /// <param name="Run">Runs wrk against it for the given seconds.</param>
    internal sealed record Contender(string Name, ServerProcess Server, Func<int, Task<WrkResult>> Run);

    /// <summary>One contender's run: wrk's result, the server's and PostgreSQL's CPU time per request in microseconds.</summary>
    /// <param name="Wrk">What wrk measured.</param>
    /// <param name="CpuPerRequestUs">The server process's CPU time per request.</param>
    /// <param name="PostgresCpuPerRequestUs">The PostgreSQL server's CPU time per request (all its processes).</param>
    internal sealed record Measured(WrkResult Wrk, double CpuPerRequestUs, double PostgresCpuPerRequestUs);
}
