using System.Collections.Frozen;
using JustScale.Core;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JustScale.Postgres;

/// <content>The listening loop: connect, LISTEN, reset observers, wait for notifications without a timeout, reconnect with backoff.</content>
public sealed partial class PgChangeFeed
{
    private async Task ListenAsync(string? direct, CancellationToken stopping)
    {
        var delay = _options.ReconnectDelay;
        NpgsqlDataSource? own = direct is null ? null : new NpgsqlDataSourceBuilder(PgConnectionString.Resolve(direct, null)).Build();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var proven = false;
                try
                {
                    var end = await ListenOnceAsync(own ?? _client!.DataSource, stopping).ConfigureAwait(false);
                    proven = end.Proven;
                    if (end.Unproven)
                    {
                        WarnUnproven(direct is not null);
                        _firstListen.TrySetResult(); // the verdict is in: the start need not wait any longer
                    }
                    else if (end.ProofFailure is { } failure)
                    {
                        Lost(failure, proven, delay);
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Lost(ex, _wasProven, delay);
                    proven = _wasProven;
                }

                // A subscription that had been proven was a success: the next attempt starts from the first delay again.
                delay = proven ? _options.ReconnectDelay : delay;
                Interlocked.Increment(ref _generation);
                await Task.Delay(delay, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                delay = delay * 2 > _options.MaxReconnectDelay ? _options.MaxReconnectDelay : delay * 2;
            }
        }
        finally
        {
            _listening = false;
            _firstListen.TrySetResult();
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Listens on one connection until it fails (thrown), the proofs stop coming back, or the feed stops.</summary>
    private async Task<ProofEnd> ListenOnceAsync(NpgsqlDataSource dataSource, CancellationToken stopping)
    {
        _wasProven = false;
        var connection = await dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        connection.Notification += OnNotification;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task<ProofEnd>? proofs = null;
        try
        {
            var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await using (listen.ConfigureAwait(false))
            {
                await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
            }

            // Subscribed: every change committed from now on reaches this connection. Whatever was cached before may have
            // missed some (the connection was down, or this is the first one), so the generation moves on and observers drop it all.
            Interlocked.Increment(ref _generation);
            foreach (var observer in Volatile.Read(ref _observers))
            {
                observer.OnReset();
            }

            // Not live yet: the feed is live only once a notification it sent itself, through the pool, came back here.
            proofs = ProveAsync(ended);
            while (!ended.IsCancellationRequested)
            {
                // No timeout: a quiet wait throws nothing. The proof loop cancels it when its proofs stop coming back.
                await connection.WaitAsync(ended.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested && proofs is not null)
        {
            // The proof loop ended the wait: its outcome says why.
        }
        finally
        {
            _listening = false;
            connection.Notification -= OnNotification;
            await ended.CancelAsync().ConfigureAwait(false);
            if (proofs is not null)
            {
                await proofs.ConfigureAwait(false); // ends at once when cancelled; never two proof loops at a time
            }
        }

        stopping.ThrowIfCancellationRequested();
        return await proofs!.ConfigureAwait(false);
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var payload = e.Payload;
        if (payload.StartsWith(ProofPrefix, StringComparison.Ordinal))
        {
            OnProof(payload);
            return;
        }

        var colon = payload.LastIndexOf(':');
        if (colon <= 0 || !Guid.TryParse(payload.AsSpan(colon + 1), out var id))
        {
            return; // not ours
        }

        var table = payload[..colon];
        if (!_tables.TryGetValue(table, out var model))
        {
            _tables = _client!.Models.ToFrozenDictionary(m => m.Table, StringComparer.Ordinal);
            if (!_tables.TryGetValue(table, out model))
            {
                return; // a table of another model set on this database
            }
        }

        var change = new EntityChange(model.EntityType, id);
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnChanged(change);
            }
            catch (Exception ex)
            {
                // An observer that fails must not stop the others from hearing of the change.
                LogObserverFailed(_logger, ex.GetType().Name, model.ModelName);
            }
        }
    }

    private void Lost(Exception error, bool wasListening, TimeSpan delay)
    {
        if (_lostLog.ShouldLog("lost"))
        {
            LogLost(_logger, error.GetType().Name, (error as PostgresException)?.SqlState ?? "-", wasListening, delay.TotalMilliseconds);
        }
    }

    private void WarnUnproven(bool direct)
    {
        if (Interlocked.Exchange(ref _unprovenWarned, 1) == 1)
        {
            return; // once until a proof comes back again
        }

        if (direct)
        {
            LogUnprovenDirect(_logger, ProofTimeout.TotalMilliseconds);
        }
        else
        {
            LogUnprovenPooled(_logger, ProofTimeout.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for changes on channel {Channel}: its own notification came back; caches may answer from memory.")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No cache asked whether the change feed is live for {IdleSeconds} s: its proofs rest (caches bypassed) until one asks.")]
    private static partial void LogResting(ILogger logger, double idleSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed's connection failed ({ErrorType}, SQLSTATE {SqlState}; was listening: {WasListening}); caches bypassed until it is back, next attempt in {DelayMs} ms.")]
    private static partial void LogLost(ILogger logger, string errorType, string sqlState, bool wasListening, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed's connection failed {Suppressed} more times in the last {WindowSeconds} s; caches stay bypassed until it is back.")]
    private static partial void LogLostSuppressed(ILogger logger, long suppressed, double windowSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed LISTENs through the pooled connection string, but the notifications it sends itself do not come back within {TimeoutMs} ms: a transaction-mode pooler such as PgBouncer does not deliver them. Caches are bypassed (every session lookup reads PostgreSQL: correct, slower). Set ConnectionStrings:PostgresListen (environment ConnectionStrings__PostgresListen) to a direct connection to PostgreSQL.")]
    private static partial void LogUnprovenPooled(ILogger logger, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed LISTENs on ConnectionStrings:PostgresListen, but the notifications it sends itself through the pool do not come back within {TimeoutMs} ms: that connection must reach the same database directly (not through a transaction-mode pooler). Caches are bypassed (every session lookup reads PostgreSQL: correct, slower).")]
    private static partial void LogUnprovenDirect(ILogger logger, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A change observer failed ({ErrorType}) on a change of {Model}.")]
    private static partial void LogObserverFailed(ILogger logger, string errorType, string model);
}
