namespace JustScale.Auth;

/// <content>The entries, the ticket, and the index upkeep (always under the lock).</content>
internal sealed partial class SessionCache
{
    // Drops entries past their age or expiry, then arbitrary ones down to three quarters of the bound, so new sessions can still be cached.
    private bool MakeRoom(DateTimeOffset now)
    {
        foreach (var (token, entry) in _byToken)
        {
            if (IsStale(entry, now))
            {
                Remove(token);
            }
        }

        // Down to three quarters at most, so that the next adds do not scan again one by one.
        var excess = _bySession.Count - (_maxEntries * 3 / 4);
        if (excess > 0)
        {
            foreach (var token in _byToken.Keys.Take(excess).ToArray())
            {
                Remove(token);
            }
        }

        return _bySession.Count < _maxEntries;
    }

    // Past its share of the max age, or the session itself expired.
    private static bool IsStale(Entry entry, DateTimeOffset now) => now >= entry.FreshUntil || now >= entry.Session.ExpiresAt;

    private void Remove(string token)
    {
        if (!_byToken.TryRemove(token, out var entry))
        {
            return;
        }

        var session = entry.Session;
        if (_bySession.TryGetValue(session.Id, out var indexed) && indexed == token)
        {
            _bySession.Remove(session.Id);
        }

        if (_byUser.TryGetValue(session.User.Id, out var tokens) && tokens.Remove(token) && tokens.Count == 0)
        {
            _byUser.Remove(session.User.Id);
        }
    }

    /// <summary>Holds what a lookup saw before it read the store.</summary>
    /// <param name="Generation">The feed's generation.</param>
    /// <param name="Evictions">The cache's eviction count.</param>
    internal readonly record struct Ticket(long Generation, long Evictions);

    private sealed class Entry(Session session, User user, DateTimeOffset refreshFrom, DateTimeOffset freshUntil, long generation, DateTimeOffset lastActiveAt)
    {
        private long _lastActiveTicks = lastActiveAt.UtcTicks;
        private int _refreshClaimed;

        public Session Session { get; } = session;

        public User User { get; } = user;

        public DateTimeOffset RefreshFrom { get; } = refreshFrom;

        public DateTimeOffset FreshUntil { get; } = freshUntil;

        public long Generation { get; } = generation;

        // True for the one hit that hands the entry to the refresher.
        public bool ClaimRefresh() => Interlocked.Exchange(ref _refreshClaimed, 1) == 0;

        // Written by concurrent hits: kept as UTC ticks in one long so no reader sees half of a DateTimeOffset.
        public DateTimeOffset LastActiveAt
        {
            get => new(Volatile.Read(ref _lastActiveTicks), TimeSpan.Zero);
            set => Volatile.Write(ref _lastActiveTicks, value.UtcTicks);
        }
    }
}
