namespace JustScale.Core;

/// <summary>Normalises points in time the way every store keeps them: UTC, microsecond precision.</summary>
public static class Timestamps
{
    /// <summary>Returns the value in UTC, truncated to whole microseconds (PostgreSQL's precision).</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utcTicks = value.UtcTicks;
        return new DateTimeOffset(utcTicks - (utcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>Returns the current time of the provider, normalised.</summary>
    public static DateTimeOffset Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Normalize(timeProvider.GetUtcNow());
    }
}
