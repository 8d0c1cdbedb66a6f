// The side-by-side benchmark suite; bench/run.sh installs what it needs, builds and runs it.
//   dotnet bench/BenchRunner/bin/Release/net10.0/BenchRunner.dll [--quick] [--only 1,3] [--no-docs]
// --quick: a few seconds per figure (CI); fails only when something breaks, never on a ratio.
// Full mode (the default) also writes the generated part of docs/benchmarks.md, when every figure ran.
// --gc-variants: instead of the figures, compares runtime settings of the complete example (Figures/GcVariants.cs).
using System.Diagnostics;
using BenchRunner;
using JustScale.Testing;
using Npgsql;

const int AllFigures = 10;
const string Usage = "usage: BenchRunner [--quick] [--only 1,2,3,4,5,6,7,8,9,10] [--no-docs] | BenchRunner [--quick] --gc-variants";
var quick = args.Contains("--quick");
var onlyIndex = Array.IndexOf(args, "--only");
var known = new[] { "--quick", "--no-docs", "--only", "--gc-variants" };
var gcVariants = args.Contains("--gc-variants");
var figures = gcVariants ? [] : onlyIndex >= 0 && onlyIndex + 1 < args.Length
    ? args[onlyIndex + 1].Split(',').Select(f => int.TryParse(f, out var n) && n is >= 1 and <= AllFigures ? n : 0).ToHashSet()
    : [.. Enumerable.Range(1, AllFigures)];
if (figures.Contains(0) || args.Where((a, i) => !known.Contains(a) && !(i > 0 && args[i - 1] == "--only")).Any())
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var settings = new BenchSettings { Quick = quick, Figures = figures };
var paths = RepoPaths.Locate();
var report = new Report(settings);
var work = Directory.CreateTempSubdirectory("justscale-bench-").FullName;
var failure = (string?)null;

// Figure 5 runs before 3, whose logins add sessions to the 10-thousand-session table 5 measures (6, 7 and 8 only read them).
(int Number, string Name, Func<BenchContext, Task> Run)[] order =
[
    (2, "trivial JSON route", TrivialRouteFigure.RunAsync),
    (1, "authenticated GET /profile", ProfileFigure.RunAsync),
    (9, "permission-guarded GET", PermissionFigure.RunAsync),
    (6, "GET /profile against ASP.NET Core Identity", IdentityFigure.RunAsync),
    (7, "idle memory", IdleMemoryFigure.RunAsync),
    (8, "scale-out: instances on one PostgreSQL", ScaleOutFigure.RunAsync),
    (5, "scale: session lookups and the purge", ScaleFigure.RunAsync),
    (10, "access tokens against JwtBearer, streams per MiB", TokensFigure.RunAsync),
    (3, "login under load", LoginFigure.RunAsync),
    (4, "scrypt time per hash", ScryptFigure.RunAsync),
];

PostgresServer? postgres = null;
try
{
    if (!Tool.Exists("wrk"))
    {
        throw new BenchFailure("wrk is missing: apt-get install wrk (bench/run.sh does).");
    }

    BenchContext.Log($"{(quick ? "quick" : "full")} run of figures {string.Join(", ", figures.Order())}; work folder {work}");
    postgres = await PostgresServer.StartLocalAsync();
    await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
    {
        await connection.OpenAsync();
        report.Machine = await MachineInfo.CollectAsync("PostgreSQL " + connection.PostgreSqlVersion);
    }

    await using var context = new BenchContext(settings, paths, postgres, work, report);
    if (gcVariants)
    {
        BenchContext.Log("runtime settings of the complete example (--gc-variants; docs/benchmarks.md is left alone)");
        Console.WriteLine(await GcVariants.RunAsync(context));
    }

    foreach (var (number, name, run) in order.Where(f => figures.Contains(f.Number)))
    {
        BenchContext.Log($"figure {number}: {name}");
        var clock = Stopwatch.StartNew();
        await run(context);
        BenchContext.Log(Report.Invariant($"figure {number} done in {clock.Elapsed.TotalSeconds:F0} s"));
    }
}
catch (BenchFailure ex)
{
    failure = ex.Message;
}
#pragma warning disable CA1031 // Anything else that breaks is reported the same way, after the server is stopped.
catch (Exception ex)
#pragma warning restore CA1031
{
    failure = ex.ToString();
}
finally
{
    if (postgres is not null)
    {
        await postgres.DisposeAsync();
    }
}

var markdown = report.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
if (failure is not null)
{
    Console.Error.WriteLine($"bench: FAILED: {failure}");
    Console.Error.WriteLine($"bench: server logs are kept in {work}");
    return 1;
}

if (!quick && figures.Count == AllFigures && !args.Contains("--no-docs"))
{
    BenchmarksDoc.Write(paths.BenchmarksDoc, markdown);
    BenchContext.Log($"wrote {paths.BenchmarksDoc}");
}

Directory.Delete(work, recursive: true);
var missed = report.Goals.Count(g => g.Met == false);
BenchContext.Log(missed == 0 ? "all goals met" : $"{missed} goal(s) missed (reported, not a failure)");
return 0;
