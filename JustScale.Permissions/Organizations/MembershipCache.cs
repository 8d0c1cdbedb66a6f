using System.Collections.Concurrent;
using JustScale.Core;

namespace JustScale.Permissions;

/// <summary>Keeps each user's memberships (organization, role) while a change feed vouches for them; any update or delete of one evicts the user.</summary>
/// <remarks>
/// Like the session cache: a read takes a ticket (the feed's generation and the eviction count) before it queries the store
/// and is cached only when neither moved meanwhile, so a membership removed while it was being read is never cached. Inserts
/// publish nothing (PostgreSQL notifies updates and deletes), so a cached list can lack a membership made since: the callers
/// only trust a cached answer to allow, and read the store again before they refuse.
/// </remarks>
internal sealed class MembershipCache : IChangeObserver
{
    private readonly ConcurrentDictionary<Guid, Entry> _byUser = new();
    private readonly ConcurrentDictionary<Guid, Guid> _userOfMembership = new();
    private readonly Lock _sync = new();
    private readonly IChangeFeed _feed;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private bool? _covered;
    private long _evictions;

    public MembershipCache(IChangeFeed feed, TimeProvider time, TimeSpan maxAge)
    {
        _feed = feed;
        _time = time;
        _maxAge = maxAge;
        feed.Subscribe(this);
    }

    /// <summary>Gets whether the cache may answer now: the feed covers memberships and is live.</summary>
    public bool IsUsable => (_covered ??= _feed.Covers(typeof(Membership))) && _feed.IsLive;

    /// <summary>Returns the ticket a read must show when it adds its result.</summary>
    public (long Generation, long Evictions) Begin() => (_feed.Generation, Volatile.Read(ref _evictions));

    /// <summary>Returns the user's cached memberships, or null.</summary>
    public IReadOnlyList<(Guid Organization, string Role)>? TryGet(Guid userId)
    {
        if (!_byUser.TryGetValue(userId, out var entry))
        {
            return null;
        }

        if (entry.Generation != _feed.Generation || _time.GetUtcNow() >= entry.FreshUntil)
        {
            Evict(userId);
            return null;
        }

        return entry.Memberships;
    }

    /// <summary>Caches a user's memberships read under <paramref name="ticket"/>, unless something moved since.</summary>
    public void Add(Guid userId, IReadOnlyList<Membership> memberships, (long Generation, long Evictions) ticket)
    {
        lock (_sync)
        {
            if (!_feed.IsLive || _feed.Generation != ticket.Generation || _evictions != ticket.Evictions)
            {
                return;
            }

            foreach (var membership in memberships)
            {
                _userOfMembership[membership.Id] = userId;
            }

            _byUser[userId] = new Entry([.. memberships.Select(m => (m.Organization.Id, m.Role))], [.. memberships.Select(m => m.Id)], ticket.Generation, _time.GetUtcNow() + _maxAge);
        }
    }

    /// <inheritdoc />
    public void OnChanged(EntityChange change)
    {
        if (change.EntityType == typeof(Membership) && _userOfMembership.TryGetValue(change.Id, out var userId))
        {
            Evict(userId);
        }
    }

    /// <inheritdoc />
    public void OnReset()
    {
        lock (_sync)
        {
            _evictions++;
            _byUser.Clear();
            _userOfMembership.Clear();
        }
    }

    /// <summary>Drops a user's entry (a write in this process: at once, before its notification comes back).</summary>
    public void Evict(Guid userId)
    {
        lock (_sync)
        {
            _evictions++;
            if (_byUser.TryRemove(userId, out var entry))
            {
                foreach (var id in entry.MembershipIds)
                {
                    _userOfMembership.TryRemove(id, out _);
                }
            }
        }
    }

    private sealed record Entry(IReadOnlyList<(Guid Organization, string Role)> Memberships, Guid[] MembershipIds, long Generation, DateTimeOffset FreshUntil);
}
