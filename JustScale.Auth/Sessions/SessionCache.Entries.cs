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

    // Whether nothing moved since the ticket was taken: the feed is still live, in the same generation, and nothing was evicted.
    private bool IsCurrent(Ticket ticket) => _feed.IsLive && _feed.Generation == ticket.Generation && _evictions == ticket.Evictions;

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

        if (_byUser.TryGetValue(session.User.Id, out var owner) && owner.Tokens.Remove(token) && owner.Tokens.Count == 0)
        {
            _byUser.Remove(session.User.Id);
        }
    }

    // The user's cached copy, shared by the entries of its sessions (read-only: hits answer clones), and their tokens.
    // A read whose user differs from the shared copy (a change whose notification is still on its way) takes the place of
    // it for the entries added from then on; the notification then evicts them all.
    private Owner OwnerOf(User user)
    {
        if (!_byUser.TryGetValue(user.Id, out var owner))
        {
            _byUser[user.Id] = owner = new Owner(User.Model.Clone(user));
        }
        else if (!SameVersion(owner.User, user))
        {
            owner.User = User.Model.Clone(user);
        }

        return owner;
    }

    private static bool SameVersion(User cached, User read) =>
        cached.UpdatedAt == read.UpdatedAt && cached.DisabledAt == read.DisabledAt && cached.EmailVerifiedAt == read.EmailVerifiedAt && cached.LastLoginAt == read.LastLoginAt
        && string.Equals(cached.PasswordHash, read.PasswordHash, StringComparison.Ordinal) && string.Equals(cached.Email, read.Email, StringComparison.Ordinal)
        && string.Equals(cached.Name, read.Name, StringComparison.Ordinal);

    /// <summary>Holds what a lookup saw before it read the store.</summary>
    /// <param name="Generation">The feed's generation.</param>
    /// <param name="Evictions">The cache's eviction count.</param>
    internal readonly record struct Ticket(long Generation, long Evictions);

    private sealed class Owner(User user)
    {
        public User User { get; set; } = user;

        public HashSet<string> Tokens { get; } = new(StringComparer.Ordinal);
    }

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
