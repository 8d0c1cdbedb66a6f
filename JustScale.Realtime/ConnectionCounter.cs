using System.Collections.Concurrent;

namespace JustScale.Realtime;

/// <summary>Counts one route's open connections per user, refusing one over the limit.</summary>
internal sealed class ConnectionCounter(int limit)
{
    private readonly ConcurrentDictionary<Guid, int> _open = new();

    public bool TryEnter(Guid userId)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(userId);
            if (current >= limit)
            {
                return false;
            }

            if (current == 0 ? _open.TryAdd(userId, 1) : _open.TryUpdate(userId, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Leave(Guid userId)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(userId);
            if (current <= 1 ? _open.TryRemove(new KeyValuePair<Guid, int>(userId, current)) : _open.TryUpdate(userId, current - 1, current))
            {
                return;
            }
        }
    }
}
