using System.Globalization;

namespace JustScale.Reliability.Tests;

/// <summary>Reports the figures a test measured: to the test output and to TestResults/reliability-figures.txt (docs/reliability.md quotes them).</summary>
internal static class Figures
{
    private static readonly Lock Sync = new();

    /// <summary>Writes one line of figures for the current test.</summary>
    public static void Report(FormattableString line)
    {
        var text = line.ToString(CultureInfo.InvariantCulture);
        var entry = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z [{Mode.Name}] {TestContext.CurrentContext.Test.Name}: {text}");
        TestContext.Out.WriteLine(entry);
        TestContext.Progress.WriteLine("reliability: " + entry);
        lock (Sync)
        {
            var directory = Path.Combine(Repository.Root, "TestResults");
            Directory.CreateDirectory(directory);
            File.AppendAllText(Path.Combine(directory, "reliability-figures.txt"), entry + Environment.NewLine);
        }
    }

    /// <summary>Formats milliseconds with no decimals.</summary>
    public static string Ms(double milliseconds) => milliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Formats a byte count in MiB.</summary>
    public static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
