using System.Diagnostics;
using JustScale.Postgres;

namespace JustScale.Auth.Tests.Sessions;

/// <summary>Counts the PostgreSQL repository statements on one table, from the JustScale.Postgres activity source.</summary>
public sealed class QueryCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private int _count;

    /// <summary>Counts the statements on a table; with <paramref name="operation"/> (such as <c>find_with</c>), only that repository operation's.</summary>
    public QueryCounter(string table, string? operation = null)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PostgresTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("db.collection.name"), table) && (operation is null || activity.DisplayName.StartsWith($"justscale.postgres {operation} ", StringComparison.Ordinal)))
                {
                    Interlocked.Increment(ref _count);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
