using System.Runtime.InteropServices;
using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Keeps the <see cref="SessionWatch"/>es of live connections, and ends them when their session ends.</summary>
/// <remarks>
/// A notification about a session or a user (from the change feed, or from this process's own writes) re-reads the
/// watched sessions concerned, one query each, and ends those that are gone, expired, of a disabled user or of a changed
/// password. A feed reset re-reads them all. Expiry ends a watch by a timer of the cluster's <see cref="TimeProvider"/>.
/// </remarks>
internal sealed class SessionWatchers : IChangeObserver
{
    private static readonly Field<Session, Reference<User>> UserField = Session.Model.Field(s => s.User);
    private readonly Dictionary<Guid, List<SessionWatch>> _bySession = [];
    private readonly Dictionary<Guid, List<SessionWatch>> _byUser = [];
    private readonly Lock _sync = new();
    private readonly IRepository<Session> _sessions;
    private readonly TimeProvider _time;

    public SessionWatchers(IRepository<Session> sessions, TimeProvider time, IChangeFeed? feed)
    {
        _sessions = sessions;
        _time = time;
        feed?.Subscribe(this);
    }

    /// <summary>Gets the number of watched connections.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _bySession.Values.Sum(list => list.Count);
            }
        }
    }

    public SessionWatch Watch(Session session, User user)
    {
        var remaining = session.ExpiresAt - _time.GetUtcNow();
        var ended = remaining <= TimeSpan.Zero ? new CancellationTokenSource()
            : new CancellationTokenSource(remaining < TimeSpan.FromDays(24) ? remaining : TimeSpan.FromDays(24), _time);
        var watch = new SessionWatch(this, session.Id, user.Id, user.PasswordHash, ended);
        lock (_sync)
        {
            Index(_bySession, session.Id).Add(watch);
            Index(_byUser, user.Id).Add(watch);
        }

        if (remaining <= TimeSpan.Zero)
        {
            watch.End();
        }

        return watch;
    }

    public void Remove(SessionWatch watch)
    {
        lock (_sync)
        {
            Unindex(_bySession, watch.SessionId, watch);
            Unindex(_byUser, watch.UserId, watch);
        }
    }

    /// <summary>Ends the watches of a session that this process deleted.</summary>
    public void Ended(Guid sessionId)
    {
        foreach (var watch in Of(_bySession, sessionId))
        {
            watch.End();
        }
    }

    /// <summary>Re-reads the watched sessions of a user that was written (or whose sessions were deleted).</summary>
    public void UserChanged(Guid userId) => Recheck(Of(_byUser, userId));

    /// <inheritdoc />
    public void OnChanged(EntityChange change)
    {
        if (change.EntityType == typeof(Session))
        {
            Recheck(Of(_bySession, change.Id));
        }
        else if (change.EntityType == typeof(User))
        {
            Recheck(Of(_byUser, change.Id));
        }
    }

    /// <inheritdoc />
    public void OnReset()
    {
        SessionWatch[] all;
        lock (_sync)
        {
            all = [.. _bySession.Values.SelectMany(list => list)];
        }

        Recheck(all);
    }

    // Off the caller's thread (the feed's, or a request's): one read per watched session.
    private void Recheck(SessionWatch[] watches)
    {
        if (watches.Length == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            foreach (var group in watches.GroupBy(w => w.SessionId))
            {
                bool live;
                try
                {
                    var found = await _sessions.FindOneWithAsync<User>(Filter<Session>.Where(Session.Model.Id, group.Key), UserField).ConfigureAwait(false);
                    live = found is not null && _time.GetUtcNow() < found.Entity.ExpiresAt && found.Referenced.DisabledAt is null
                        && group.All(w => string.Equals(w.PasswordHash, found.Referenced.PasswordHash, StringComparison.Ordinal));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    live = false; // the store cannot vouch for the session: end it, the client reconnects and is checked again
                }

                if (!live)
                {
                    foreach (var watch in group)
                    {
                        watch.End();
                    }
                }
            }
        });
    }

    private SessionWatch[] Of(Dictionary<Guid, List<SessionWatch>> index, Guid id)
    {
        lock (_sync)
        {
            return index.TryGetValue(id, out var list) ? [.. list] : [];
        }
    }

    private static List<SessionWatch> Index(Dictionary<Guid, List<SessionWatch>> index, Guid id) =>
        CollectionsMarshal.GetValueRefOrAddDefault(index, id, out _) ??= [];

    private static void Unindex(Dictionary<Guid, List<SessionWatch>> index, Guid id, SessionWatch watch)
    {
        if (index.TryGetValue(id, out var list) && list.Remove(watch) && list.Count == 0)
        {
            index.Remove(id);
        }
    }
}
