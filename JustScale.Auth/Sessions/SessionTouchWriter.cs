using System.Collections.Concurrent;
using JustScale.Core;

namespace JustScale.Auth;

/// <summary>Writes queued activity times behind the requests that caused them: one pass a second, and a last one when the cluster stops.</summary>
/// <remarks>Each write is the same conditional UPDATE as a direct touch (only when the stored time is older than the touch
/// interval), so every instance together still writes a session at most once per interval. A write that fails is dropped:
/// the activity time is informative, and the next stale hit queues it again.</remarks>
internal sealed class SessionTouchWriter(IRepository<Session> sessions, TimeProvider time, TimeSpan touchInterval)
{
    private static readonly Field<Session, DateTimeOffset> LastActiveAtField = Session.Model.Field(s => s.LastActiveAt);
    private static readonly TimeSpan FlushDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();
    private int _scheduled;

    /// <summary>Gets the number of sessions waiting for their write.</summary>
    public int Pending => _pending.Count;

    /// <summary>Queues a session's activity time; the pass that writes it starts within a second.</summary>
    public void Enqueue(Guid sessionId, DateTimeOffset at)
    {
        _pending[sessionId] = at;
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = Task.Run(FlushLaterAsync);
        }
    }

    /// <summary>Writes every queued activity time now.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        foreach (var id in _pending.Keys)
        {
            if (!_pending.TryRemove(id, out var at))
            {
                continue;
            }

            try
            {
                await sessions.UpdateWhereAsync(
                    Filter<Session>.Where(Session.Model.Id, id).And(LastActiveAtField, Comparison.LessThanOrEqual, at - touchInterval),
                    Changes<Session>.Of(LastActiveAtField, at),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Dropped on purpose (see remarks): a store outage must not pile writes up in memory.
            }
        }
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(FlushDelay, time).ConfigureAwait(false);
        Volatile.Write(ref _scheduled, 0); // touches queued from here on schedule the next pass
        await FlushAsync().ConfigureAwait(false);
    }
}
