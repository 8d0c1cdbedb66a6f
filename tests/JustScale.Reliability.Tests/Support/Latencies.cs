using System.Collections.Concurrent;

namespace JustScale.Reliability.Tests;

/// <summary>Collects request durations from many threads and reports percentiles.</summary>
internal sealed class Latencies
{
    private readonly ConcurrentBag<double> _milliseconds = [];

    /// <summary>Gets how many durations were recorded.</summary>
    public int Count => _milliseconds.Count;

    /// <summary>Records one duration.</summary>
    public void Add(TimeSpan duration) => _milliseconds.Add(duration.TotalMilliseconds);

    /// <summary>Returns the given percentile (0-100) in milliseconds, nearest rank; 0 when empty.</summary>
    public double Percentile(double percent)
    {
        var sorted = _milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Gets the longest duration in milliseconds.</summary>
    public double Max => _milliseconds.IsEmpty ? 0 : _milliseconds.Max();

    /// <summary>Describes p50, p95 and max.</summary>
    public override string ToString() =>
        $"p50 {Figures.Ms(Percentile(50))}, p95 {Figures.Ms(Percentile(95))}, max {Figures.Ms(Max)}";
}
