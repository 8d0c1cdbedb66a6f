using System.Text.Json;

namespace BenchRunner;

/// <summary>Figure 7: the resident memory of the complete example, bench/Baseline and the Identity baseline, idle after a warm-up.</summary>
internal static class IdleMemoryFigure
{
    private const int Connections = 32;
    private const long Goal = 130L << 20;
    private const int Samples = 3;

    /// <summary>Runs the figure and adds its section and goals to the report.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        var settings = context.Settings;
        var database = await context.MainDatabaseAsync();
        await using var example = await context.StartExampleAsync(database, "example-idle");
        await using var baseline = await context.StartBaselineAsync(database, "baseline-idle");
        await using var identity = await IdentityApp.StartAsync(context, "identity-idle");
        var apps = new (string Name, ServerProcess Server, string Tokens, string Dll)[]
        {
            ("JustScale: the complete example", example, context.MainTokens, context.Paths.CompleteExample),
            ("Baseline: minimal API, raw Npgsql", baseline, context.MainTokens, context.Paths.Baseline),
            ("ASP.NET Core Identity, EF Core", identity.Server, identity.Tokens, context.Paths.IdentityBaseline),
        };
        foreach (var (name, server, tokens, _) in apps)
        {
            var warmUp = await Wrk.RunAsync(new Uri(server.Url, "/profile"), Connections, settings.IdleWarmUpSeconds, context.Scripts.Bearer, [tokens, "/profile"]);
            BenchContext.EnsureClean(warmUp, $"{server.Name} warm-up");
            BenchContext.Log(Report.Invariant($"{server.Name}: warm-up {warmUp.RequestsPerSecond:N0}/s, RSS {server.ResidentBytes() / 1048576.0:F0} MiB"));
        }

        await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds));
        var samples = apps.Select(_ => new List<(long Rss, (long Anonymous, long Files, long Shared) Parts)>()).ToArray();
        for (var s = 0; s < Samples; s++)
        {
            for (var k = 0; k < apps.Length; k++)
            {
                apps[k].Server.EnsureRunning();
                samples[k].Add((apps[k].Server.ResidentBytes(), apps[k].Server.ResidentParts()));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var rows = apps.Select((app, k) =>
        {
            var rss = Stats.Median(samples[k].Select(x => (double)x.Rss));
            var anonymous = Stats.Median(samples[k].Select(x => (double)x.Parts.Anonymous));
            var files = Stats.Median(samples[k].Select(x => (double)x.Parts.Files));
            var shared = Stats.Median(samples[k].Select(x => (double)x.Parts.Shared));
            return (app.Name, Rss: rss, Anonymous: anonymous, Files: files, Shared: shared, Peak: app.Server.PeakResidentBytes(), Runtime: RuntimeSettings(app.Dll));
        }).ToList();
        static string MiB(double bytes) => Report.Invariant($"{bytes / 1048576:F0} MiB");
        var subject = rows[0].Rss;
        var met = subject <= Goal;
        context.Report.Goals.Add(new GoalRow(7, "Idle RSS after warm-up of the complete example (VmRSS)",
            MiB(subject), "130 MiB", Report.Invariant($"{subject / Goal:F2}"), "<= 130 MiB", met));
        context.Report.Goals.Add(new GoalRow(7, "Idle RSS after warm-up against the hand-written baseline and Identity",
            MiB(subject), Report.Invariant($"{MiB(rows[1].Rss)}; {MiB(rows[2].Rss)}"), Report.Invariant($"{subject / rows[1].Rss:F2}; {subject / rows[2].Rss:F2}"), "-", null));
        context.Report.Section(7, Report.Invariant($"""
            ## 7. Idle memory

            The resident memory (VmRSS, from /proc) of three apps, each started as it ships (the GC settings of its project),
            loaded with `GET /profile` for {settings.IdleWarmUpSeconds} s (wrk, {Connections} connections; the complete example and bench/Baseline on the
            main database, the Identity baseline of figure 6 with its bearer tokens), then left idle for {settings.IdleSeconds} s; the median of
            {Samples} readings a second apart. The RSS is the sum of anonymous memory (RssAnon: the GC heap, native heaps, stacks),
            mapped files (RssFile: the runtime's and the assemblies' images) and shared memory (RssShmem: the runtime maps its
            executable memory twice, so JIT-compiled code and stubs count here). Peak is VmHWM over the app's life.

            | App | Runtime settings | Idle RSS | Anonymous | Files | Shared | Peak RSS |
            |---|---|---:|---:|---:|---:|---:|
            {string.Join("\n", rows.Select(r => $"| {r.Name} | {r.Runtime} | {MiB(r.Rss)} | {MiB(r.Anonymous)} | {MiB(r.Files)} | {MiB(r.Shared)} | {MiB(r.Peak)} |"))}

            The complete example idle: **{MiB(subject)}** (goal <= 130 MiB: {(met ? "met" : "missed")}); {subject / rows[1].Rss:F2}x the hand-written
            baseline, {subject / rows[2].Rss:F2}x Identity. Its GC settings and why: benchmarks-history.md, "Idle memory".
            """));
    }

    // The GC and tiering settings of the app's runtimeconfig.json, as the runtime reads them.
    private static string RuntimeSettings(string dll)
    {
        var path = Path.ChangeExtension(dll, ".runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        if (!json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties))
        {
            return "defaults";
        }

        var shown = properties.EnumerateObject()
            .Where(p => p.Name.StartsWith("System.GC.", StringComparison.Ordinal) || p.Name.StartsWith("System.Runtime.Tiered", StringComparison.Ordinal))
            .Select(p => $"`{p.Name["System.".Length..]}={p.Value}`")
            .ToList();
        return shown.Count == 0 ? "defaults (workstation GC)" : string.Join(", ", shown);
    }
}
