using System.ComponentModel;
using JustScale.Http.RateLimiting;

namespace JustScale.Http;

/// <summary>Describes a fixed-window limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> for one partition.</summary>
/// <remarks>
/// In memory, a partition's window starts with its first request (ASP.NET Core's <c>FixedWindowRateLimiter</c>). In an
/// <see cref="JustScale.Core.IRateLimitStore"/>, windows are aligned to the clock (a 1-minute window runs from :00 to
/// :59), the same on every instance. A request over the limit waits for nothing: it is answered 429 at once, with Retry-After.
/// In configuration it is written as permits per window: <c>20/minute</c>, <c>30/hour</c>, <c>10/00:00:30</c>, or <c>off</c> for none.
/// </remarks>
[TypeConverter(typeof(FixedWindowLimitConverter))]
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
