using System.Diagnostics;
using JustScale.Testing;
using Npgsql;

namespace JustScale.Postgres.Tests.Notifications;

/// <summary>Listens on the feed's channel from a connection of its own and counts the proofs the feed sends itself.</summary>
public sealed class ProofCounter : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _count;
    private long _lastAt = Stopwatch.GetTimestamp();

    private ProofCounter(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Gets how many proofs arrived.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Gets the server process of the counter's connection.</summary>
    public int BackendPid => _connection.ProcessID;

    /// <summary>Starts counting on a connection to <paramref name="database"/>.</summary>
    public static async Task<ProofCounter> StartAsync(TestDatabase database)
    {
        var counter = new ProofCounter(await database.OpenConnectionAsync());
        counter._connection.Notification += (_, e) =>
        {
            if (e.Payload.StartsWith("justscale-proof ", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counter._count);
                Interlocked.Exchange(ref counter._lastAt, Stopwatch.GetTimestamp());
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PgChangeFeed.Channel}", counter._connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        counter._loop = Task.Run(async () =>
        {
            while (!counter._stop.IsCancellationRequested)
            {
                await counter._connection.WaitAsync(counter._stop.Token);
            }
        });
        return counter;
    }

    /// <summary>Waits until no proof arrived for <paramref name="silence"/>; false when none such came within <paramref name="limit"/>.</summary>
    public async Task<bool> SilentAsync(TimeSpan silence, TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastAt)) < silence)
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Waits until more than <paramref name="count"/> proofs arrived; false after <paramref name="limit"/>.</summary>
    public async Task<bool> MoreThanAsync(long count, TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (Count <= count && Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(5);
        }

        return Count > count;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
