using System.Collections.Concurrent;

namespace JustScale.Http.Errors;

/// <summary>Decides which occurrences of a repeated condition are logged: the first of a burst, then one per window with the count in between.</summary>
/// <remarks>
/// A database outage or an overloaded password hasher answers every request 503; one warning per request (each with a stack
/// trace) would flood the log exactly when it is read. Each key (status and code) logs at most once per <see cref="Window"/>.
/// </remarks>
internal sealed class LogBursts(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Burst> _bursts = new(StringComparer.Ordinal);

    /// <summary>Gets how long a key stays quiet after it was logged.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns true when this occurrence is to be logged, with how many were suppressed since the last one logged.</summary>
    public bool ShouldLog(string key, out long suppressed)
    {
        var burst = _bursts.GetOrAdd(key, static _ => new Burst());
        var now = time.GetTimestamp();
        lock (burst)
        {
            if (burst.LastLogged is { } last && time.GetElapsedTime(last, now) < Window)
            {
                burst.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = burst.Suppressed;
            burst.Suppressed = 0;
            burst.LastLogged = now;
            return true;
        }
    }

    private sealed class Burst
    {
        public long? LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}
