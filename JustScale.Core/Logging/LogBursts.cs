using System.Collections.Concurrent;

namespace JustScale.Core;

/// <summary>Decides which occurrences of a repeated condition are logged: the first of a burst, then none for the rest of the
/// window, and at the window's end one summary with the number left out.</summary>
/// <remarks>
/// A database outage answers every request with the same failure; one warning per failure (each with a stack trace) would
/// flood the log exactly when it is read. Each key (a kind of failure) logs at most once per <see cref="Window"/>; what the
/// window left out is reported when it closes (a timer of the <see cref="TimeProvider"/>), so a count never waits for the
/// next burst, hours later, to be told.
/// </remarks>
/// <param name="time">The clock of the windows.</param>
/// <param name="summary">Logs the number of occurrences a closed window left out, with their key.</param>
/// <param name="window">How long a key stays quiet after it was logged; <see cref="DefaultWindow"/> when null.</param>
internal sealed class LogBursts(TimeProvider time, Action<string, long> summary, TimeSpan? window = null)
{
    private readonly ConcurrentDictionary<string, Burst> _bursts = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly Action<string, long> _summary = summary ?? throw new ArgumentNullException(nameof(summary));

    /// <summary>Gets the window of the documented log rule: 10 s.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long a key stays quiet after it was logged.</summary>
    public TimeSpan Window { get; } = window ?? DefaultWindow;

    /// <summary>Returns true when this occurrence is to be logged (the first of its window); otherwise counts it for the window's summary.</summary>
    public bool ShouldLog(string key)
    {
        var burst = _bursts.GetOrAdd(key, static k => new Burst(k));
        var now = _time.GetTimestamp();
        lock (burst)
        {
            if (burst.WindowStart is { } start && _time.GetElapsedTime(start, now) < Window)
            {
                burst.Suppressed++;
                burst.Timer ??= _time.CreateTimer(
                    static state => ((Flush)state!).Run(), new Flush(this, burst), Window - _time.GetElapsedTime(start, now), Timeout.InfiniteTimeSpan);
                return false;
            }

            burst.WindowStart = now;
            return true;
        }
    }

    private void Close(Burst burst)
    {
        long suppressed;
        lock (burst)
        {
            suppressed = burst.Suppressed;
            burst.Suppressed = 0;
            burst.Timer?.Dispose();
            burst.Timer = null;
            if (suppressed > 0)
            {
                burst.WindowStart = _time.GetTimestamp(); // the summary opens the next window: one line per window while it lasts
            }
        }

        if (suppressed > 0)
        {
            try
            {
                _summary(burst.Key, suppressed);
            }
            catch (ObjectDisposedException)
            {
                // The logging provider went away with the host: nothing to tell anymore.
            }
        }
    }

    private sealed class Burst(string key)
    {
        public string Key { get; } = key;

        public long? WindowStart { get; set; }

        public long Suppressed { get; set; }

        public ITimer? Timer { get; set; }
    }

    private sealed class Flush(LogBursts owner, Burst burst)
    {
        public void Run() => owner.Close(burst);
    }
}
