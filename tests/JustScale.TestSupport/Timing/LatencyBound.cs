using System.Globalization;
using NUnit.Framework;

namespace JustScale.Testing;

/// <summary>Asserts a latency goal ("a revocation on A is refused by B within 1 s") in a form a loaded machine cannot fail by starving
/// the test, while the reliability suite's full form on a quiet machine still holds every sample to it.</summary>
/// <remarks>
/// On CI (two cores, load 8-20) a test process, the app under test or PostgreSQL can get no CPU for a second or more: one sample over
/// a sub-second bound then says nothing about the code. So a test waits for the event itself with <see cref="Patience"/>, which is far
/// beyond any scheduling delay yet below whatever fallback would produce the event without the mechanism under test (the session
/// cache's refresher reads a session again only past half its 30 s max age, 15 s): an event seen within the patience came from the
/// mechanism, deterministically. The bound is then asserted on the median of the test's samples, which a stall of a few samples
/// cannot move. With <c>JUSTSCALE_RELIABILITY=full</c> (tests/JustScale.Reliability.Tests/run.sh full) every sample must meet it.
/// A test with a single sample asserts it against the bound in the full form only, and reports it always.
/// </remarks>
public static class LatencyBound
{
    /// <summary>Gets how long a test waits for an event that normally takes milliseconds: 10 s, under the 15 s of the session cache's refresher.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets whether every sample must meet its bound (<c>JUSTSCALE_RELIABILITY=full</c>), not only the median.</summary>
    public static bool EverySample { get; } =
        string.Equals(Environment.GetEnvironmentVariable("JUSTSCALE_RELIABILITY"), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reports the samples and asserts that their median is under <paramref name="bound"/> (in the full form: every sample).</summary>
    /// <param name="samples">The measured latencies, one per trial; at least one.</param>
    /// <param name="bound">The goal each latency is held to.</param>
    /// <param name="what">What was measured, for the report and the failure message.</param>
    public static void AssertMedian(IReadOnlyCollection<TimeSpan> samples, TimeSpan bound, string what)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Assert.That(samples, Is.Not.Empty, what);
        var sorted = samples.Order().ToList();
        var median = sorted[sorted.Count / 2];
        var detail = $"{what}: {sorted.Count} samples, median {Ms(median)}, max {Ms(sorted[^1])}, {sorted.Count(s => s < bound)} under {Ms(bound)} " +
            $"({string.Join(", ", samples.Select(Ms))})";
        TestContext.Progress.WriteLine(detail);
        Assert.That(median, Is.LessThan(bound), detail);
        if (EverySample)
        {
            Assert.That(sorted[^1], Is.LessThan(bound), $"every sample (JUSTSCALE_RELIABILITY=full): {detail}");
        }
    }

    /// <summary>Reports one sample; asserts it under <paramref name="bound"/> in the full form, and under <see cref="Patience"/> always.</summary>
    /// <param name="sample">The measured latency.</param>
    /// <param name="bound">The goal the latency is held to in the full form.</param>
    /// <param name="what">What was measured, for the report and the failure message.</param>
    public static void AssertSingle(TimeSpan sample, TimeSpan bound, string what)
    {
        var detail = $"{what}: {Ms(sample)} (bound {Ms(bound)}{(EverySample ? "" : ", asserted with JUSTSCALE_RELIABILITY=full")})";
        TestContext.Progress.WriteLine(detail);
        Assert.That(sample, Is.LessThan(Patience), detail);
        if (EverySample)
        {
            Assert.That(sample, Is.LessThan(bound), detail);
        }
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
