namespace BenchRunner;

/// <summary>Medians and percentiles of measured values.</summary>
internal static class Stats
{
    /// <summary>Returns the median (the mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Returns the nearest-rank percentile (0-100) of values already sorted ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Returns the smallest and largest value.</summary>
    public static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? (double.NaN, double.NaN) : (list.Min(), list.Max());
    }
}
