namespace JustScale.Http;

/// <summary>Describes a fixed-window limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> for one partition.</summary>
/// <remarks>
/// Windows are aligned to the clock (a 1-minute window runs from :00 to :59), the same on every instance, so a
/// PostgreSQL-backed counter is shared by instances whose clocks agree. A request over the limit waits for nothing:
/// it is answered 429 at once, with Retry-After.
/// </remarks>
public sealed record FixedWindowLimit
{
    /// <summary>Creates a limit of <paramref name="permitLimit"/> requests per <paramref name="window"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The permit limit is below 1, or the window shorter than 1 ms.</exception>
    public FixedWindowLimit(int permitLimit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMilliseconds(1));
        PermitLimit = permitLimit;
        Window = window;
    }

    /// <summary>Gets how many requests one partition may make per window.</summary>
    public int PermitLimit { get; }

    /// <summary>Gets the window's length.</summary>
    public TimeSpan Window { get; }

    /// <summary>Returns a limit of <paramref name="permitLimit"/> requests per minute.</summary>
    public static FixedWindowLimit PerMinute(int permitLimit) => new(permitLimit, TimeSpan.FromMinutes(1));

    /// <summary>Returns a limit of <paramref name="permitLimit"/> requests per hour.</summary>
    public static FixedWindowLimit PerHour(int permitLimit) => new(permitLimit, TimeSpan.FromHours(1));

    /// <summary>Returns the start of the window that contains <paramref name="now"/>, aligned to the Unix epoch.</summary>
    internal DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (ticks % Window.Ticks));
    }
}
