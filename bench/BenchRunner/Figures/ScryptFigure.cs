using System.Globalization;
using System.Text.RegularExpressions;

namespace BenchRunner;

/// <summary>Figure 4: ms per scrypt hash, PasswordService against Node's crypto.scrypt and BouncyCastle (runs bench/Scrypt).</summary>
internal static partial class ScryptFigure
{
    private const double Goal = 0.8;

    /// <summary>Runs bench/Scrypt (with --quick in quick mode), reads its summary and adds the section and goal.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        if (!Tool.Exists("node"))
        {
            throw new BenchFailure("node is missing: apt-get install nodejs (bench/run.sh does).");
        }

        var (code, output) = await Tool.RunAsync("dotnet", context.Settings.Quick ? [context.Paths.Scrypt, "--quick"] : [context.Paths.Scrypt],
            new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" });
        if (code != 0)
        {
            throw new BenchFailure($"bench/Scrypt exited with {code}:\n{output}");
        }

        double Mean(Regex pattern) => pattern.Match(output) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new BenchFailure($"Cannot read bench/Scrypt's output:\n{output}");
        var sodium = Mean(SodiumLine());
        var node = Mean(NodeLine());
        var bouncy = Mean(BouncyLine());
        var paired = PairedLine().Match(output);
        if (!paired.Success)
        {
            throw new BenchFailure($"Cannot read bench/Scrypt's ratio line:\n{output}");
        }

        var median = double.Parse(paired.Groups[1].Value, CultureInfo.InvariantCulture);
        var rounds = string.Join('\n', output.Split('\n').Where(l => l.StartsWith("round", StringComparison.Ordinal)).Select(l => l.TrimEnd()));
        BenchContext.Log(Report.Invariant($"scrypt: PasswordService {sodium:F1} ms, node {node:F1} ms, BouncyCastle {bouncy:F1} ms; paired median {median:F2}"));

        context.Report.Goals.Add(new GoalRow(4, "scrypt 16384/8/1: ms per hash against Node's crypto.scrypt",
            Report.Invariant($"{sodium:F1} ms"), Report.Invariant($"{node:F1} ms"), Report.Invariant($"{median:F2}"), "<= 0.8", median <= Goal));
        context.Report.Section(4, Report.Invariant($"""
            ## 4. scrypt time per hash

            N=16384, r=8, p=1, 64-byte key, fresh 32-byte salt per hash, one hash at a time, in alternating rounds (the order rotates each
            round): PasswordService.HashAsync (libsodium, native), Node's `crypto.scrypt` (OpenSSL) in a child `node` process the way the
            TypeScript original calls it, and BouncyCastle's managed `SCrypt.Generate`. Code: [bench/Scrypt](../bench/Scrypt){(context.Settings.Quick ? " (--quick)" : "")}.

            | Implementation | ms per hash (mean of the rounds) | / Node |
            |---|---:|---:|
            | PasswordService (libsodium) | {sodium:F1} | {sodium / node:F2} |
            | Node crypto.scrypt (OpenSSL) | {node:F1} | 1.00 |
            | BouncyCastle SCrypt (managed) | {bouncy:F1} | {bouncy / node:F2} |

            PasswordService / Node: **{median:F2}** (median of the per-round ratios, range {paired.Groups[2].Value} to {paired.Groups[3].Value}; goal <= 0.8:
            {(median <= Goal ? "met" : "missed")}). Where the time goes (libsodium maps its 16 MiB scratch memory afresh for every hash):
            see "scrypt" in benchmarks-history.md. Rounds (ms per hash):

            ```
            {rounds}
            ```
            """));
    }

    [GeneratedRegex(@"^PasswordService \(libsodium\)\s+([\d.]+) ms/hash", RegexOptions.Multiline)]
    private static partial Regex SodiumLine();

    [GeneratedRegex(@"^Node crypto\.scrypt \(OpenSSL\)\s+([\d.]+) ms/hash", RegexOptions.Multiline)]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^BouncyCastle SCrypt \(managed\)\s+([\d.]+) ms/hash", RegexOptions.Multiline)]
    private static partial Regex BouncyLine();

    [GeneratedRegex(@"median of per-round ratios ([\d.]+), range ([\d.]+)-([\d.]+)")]
    private static partial Regex PairedLine();
}
