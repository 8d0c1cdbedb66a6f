namespace JustScale.Core;

/// <summary>Configures <see cref="IdleMemoryTrimmer"/>: how often it checks and what counts as idle and as busy.</summary>
public sealed class IdleMemoryTrimOptions
{
    /// <summary>Gets or sets how often the trimmer reads the process's allocations; 2 s by default.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the allocations of one interval below which the interval counts as quiet; 1 MiB by default.</summary>
    public long QuietBytes { get; set; } = 1L << 20;

    /// <summary>Gets or sets how many quiet intervals in a row make the process idle; 3 by default (6 s with the default interval).</summary>
    /// <remarks>A pause between bursts of requests shorter than that is not idleness: trimming then would only make the next burst
    /// recommit what it needs.</remarks>
    public int QuietChecks { get; set; } = 3;

    /// <summary>Gets or sets the allocations since the last trim from which the process counts as having been busy; 32 MiB by default.</summary>
    public long ActivityBytes { get; set; } = 32L << 20;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckInterval, TimeSpan.Zero, nameof(CheckInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(QuietBytes, nameof(QuietBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(ActivityBytes, nameof(ActivityBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuietChecks, 1, nameof(QuietChecks));
    }
}
