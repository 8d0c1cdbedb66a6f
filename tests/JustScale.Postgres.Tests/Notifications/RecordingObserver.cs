using System.Collections.Concurrent;
using System.Diagnostics;
using JustScale.Core;

namespace JustScale.Postgres.Tests.Notifications;

/// <summary>Records what a change feed delivers.</summary>
public sealed class RecordingObserver : IChangeObserver
{
    private int _resets;

    public ConcurrentQueue<EntityChange> Changes { get; } = new();

    public int Resets => Volatile.Read(ref _resets);

    public void OnChanged(EntityChange change) => Changes.Enqueue(change);

    public void OnReset() => Interlocked.Increment(ref _resets);

    /// <summary>Waits until a change matching <paramref name="match"/> arrived; false after <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForAsync(Func<EntityChange, bool> match, TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (!Changes.Any(match))
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
