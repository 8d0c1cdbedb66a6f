using System.Globalization;

namespace BenchRunner;

/// <summary>Reads the 1, 5 and 15 minute load averages of the machine.</summary>
internal readonly record struct LoadAverage(double One, double Five, double Fifteen)
{
    /// <summary>Reads /proc/loadavg (zeros where it does not exist).</summary>
    public static LoadAverage Now()
    {
        if (!File.Exists("/proc/loadavg"))
        {
            return default;
        }

        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return new(Parse(parts[0]), Parse(parts[1]), Parse(parts[2]));

        static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{One:F2} {Five:F2} {Fifteen:F2}");
}
