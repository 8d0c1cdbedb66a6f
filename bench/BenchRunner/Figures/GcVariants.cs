using System.Text;

namespace BenchRunner;

/// <summary>Compares runtime settings of the complete example (idle trim, session cache; earlier runs: GC mode and budget, DATAS, conserve memory, tiered PGO, globalization): the idle memory of each
/// and its GET /profile throughput against the first, side by side. Run with <c>BenchRunner --gc-variants</c>; it prints its table
/// and leaves docs/benchmarks.md alone (its "Idle memory" section records the runs that chose the example's settings).</summary>
/// <remarks>Each variant is the example started with environment variables that override its runtimeconfig.json.</remarks>
internal static class GcVariants
{
    private const int Connections = 32;

    private static readonly (string Name, Dictionary<string, string> Environment)[] Variants =
    [
        ("as shipped (workstation, concurrent, idle trim)", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "1" }),
        ("idle trim off", new() { ["JustScale__IdleMemoryTrim"] = "off" }),
        ("session cache off, idle trim off", new() { ["JustScale__Auth__SessionCache__MaxAge"] = "00:00:00", ["JustScale__IdleMemoryTrim"] = "off" }),
        ("session cache off", new() { ["JustScale__Auth__SessionCache__MaxAge"] = "00:00:00" }),
    ];

    /// <summary>Starts one example per variant, reads each one's idle RSS after its warm-up, measures GET /profile in rotating rounds, then reads the idle RSS again.</summary>
    public static async Task<string> RunAsync(BenchContext context)
    {
        var database = await context.MainDatabaseAsync();
        var servers = new List<ServerProcess>();
        try
        {
            foreach (var (name, environment) in Variants)
            {
                servers.Add(await context.StartExampleAsync(database, "example-" + name.Replace(", ", "-", StringComparison.Ordinal).Replace(' ', '-'), environment));
            }

            var contenders = servers.Select((server, i) => new Rotation.Contender(Variants[i].Name, server, seconds =>
                Wrk.RunAsync(new Uri(server.Url, "/profile"), Connections, seconds, context.Scripts.Bearer, [context.MainTokens, "/profile"]))).ToList();
            foreach (var contender in contenders)
            {
                BenchContext.EnsureClean(await contender.Run(context.Settings.IdleWarmUpSeconds), $"{contender.Name} warm-up");
            }

            var afterWarmUp = await IdleResidentAsync(context, servers);
            var rounds = await Rotation.RunAsync(context, contenders);
            var afterLoad = await IdleResidentAsync(context, servers);
            var parts = servers.Select(s => s.ResidentParts()).ToList();
            var text = new StringBuilder();
            text.AppendLine(Report.Invariant($"Load average at the end: {LoadAverage.Now()}; {rounds.Count} rounds of {context.Settings.RoundSeconds} s, {Connections} connections."));
            text.AppendLine("| Settings | Idle RSS after warm-up | Idle RSS after the rounds | Anonymous / files / shared | Requests/s | Against the first | Server CPU per request |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            for (var i = 0; i < servers.Count; i++)
            {
                var ratio = Stats.Median(rounds.Select(r => r[i].Wrk.RequestsPerSecond / r[0].Wrk.RequestsPerSecond));
                text.AppendLine(Report.Invariant(
                    $"| {Variants[i].Name} | {afterWarmUp[i] / 1048576.0:F0} MiB | {afterLoad[i] / 1048576.0:F0} MiB | {parts[i].Anonymous / 1048576.0:F0} / {parts[i].Files / 1048576.0:F0} / {parts[i].Shared / 1048576.0:F0} MiB | {Stats.Median(rounds.Select(r => r[i].Wrk.RequestsPerSecond)):N0} | {ratio:F3} | {Stats.Median(rounds.Select(r => r[i].CpuPerRequestUs)):F1} us |"));
            }

            return text.ToString();
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<long[]> IdleResidentAsync(BenchContext context, List<ServerProcess> servers)
    {
        await Task.Delay(TimeSpan.FromSeconds(context.Settings.IdleSeconds));
        return [.. servers.Select(s => s.ResidentBytes())];
    }
}
