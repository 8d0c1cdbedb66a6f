using System.Collections.Concurrent;
using JustScale.Core;

namespace JustScale.Postgres;

/// <summary>Remembers, in memory, which keys are at or over their limit until their window ends, so a refusal costs no statement.</summary>
/// <remarks>
/// A fixed window's counter only grows until the window ends, so "key K counted C &gt;= L in the window ending at W"
/// stays true until W on every instance: answering from memory never refuses a request the database would admit.
/// Only keys at their limit are kept (a handful per attacker, not one per visitor), and at most <c>capacity</c>
/// of them; when full, finished windows are swept, and a key that still does not fit is simply counted in the database.
/// </remarks>
internal sealed class RefusedKeys(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Gets how many keys are remembered.</summary>
    public int Count => _entries.Count;

    /// <summary>Answers a key known to be at or over <paramref name="permitLimit"/> in the caller's window, with a count above the limit.</summary>
    public bool TryRefuse(string key, DateTimeOffset windowStart, int permits, long permitLimit, DateTimeOffset now, out RateLimitCount count)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (now >= entry.WindowEnd)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
            else if (windowStart <= entry.WindowStart && entry.Count >= permitLimit)
            {
                // An earlier window (a lagging clock) counts into the stored one, as the UPSERT would.
                count = new RateLimitCount(entry.Count + permits, entry.WindowStart);
                return true;
            }
        }

        count = default;
        return false;
    }

    /// <summary>Remembers a count the database returned when it reaches <paramref name="permitLimit"/>.</summary>
    public void Remember(string key, RateLimitCount counted, TimeSpan window, long permitLimit, DateTimeOffset now)
    {
        if (counted.Count < permitLimit)
        {
            return;
        }

        var entry = new Entry(counted.Count, counted.WindowStart, counted.WindowStart + window);
        if (_entries.Count >= capacity)
        {
            foreach (var stale in _entries.Where(entry => now >= entry.Value.WindowEnd))
            {
                _entries.TryRemove(stale);
            }

            if (_entries.Count >= capacity)
            {
                return;
            }
        }

        _entries.AddOrUpdate(key, entry, (_, old) => old.WindowStart > entry.WindowStart || (old.WindowStart == entry.WindowStart && old.Count > entry.Count) ? old : entry);
    }

    /// <summary>Holds a key's count at or over its limit and the window it belongs to.</summary>
    private readonly record struct Entry(long Count, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);
}
