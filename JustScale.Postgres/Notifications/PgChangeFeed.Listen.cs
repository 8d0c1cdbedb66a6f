using System.Collections.Frozen;
using System.Diagnostics;
using JustScale.Core;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JustScale.Postgres;

/// <content>The listening loop: connect, LISTEN, reset observers, wait for notifications, check a quiet connection, reconnect with backoff.</content>
public sealed partial class PgChangeFeed
{
    private async Task ListenAsync(CancellationToken stopping)
    {
        var delay = _options.ReconnectDelay;
        NpgsqlDataSource? own = _options.ListenConnectionString is { } direct
            ? new NpgsqlDataSourceBuilder(PgConnectionString.Resolve(direct, null)).Build()
            : null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await ListenOnceAsync(own ?? _client!.DataSource, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    var wasListening = _listening;
                    _listening = false;
                    delay = wasListening ? _options.ReconnectDelay : delay; // a connection that had worked is retried soon
                    Interlocked.Increment(ref _generation);
                    LogLost(_logger, ex.GetType().Name, (ex as PostgresException)?.SqlState ?? "-", wasListening, delay.TotalMilliseconds);
                }

                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = delay * 2 > _options.MaxReconnectDelay ? _options.MaxReconnectDelay : delay * 2;
            }
        }
        finally
        {
            _listening = false;
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ListenOnceAsync(NpgsqlDataSource dataSource, CancellationToken stopping)
    {
        var connection = await dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        connection.Notification += OnNotification;
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

        Alive();
        _listening = true;
        _firstListen.TrySetResult();
        LogListening(_logger, Channel);
        try
        {
            var ping = new NpgsqlCommand("SELECT 1", connection);
            await using var pingScope = ping.ConfigureAwait(false);
            while (true)
            {
                if (!await connection.WaitAsync(_options.HeartbeatInterval, stopping).ConfigureAwait(false))
                {
                    // Quiet: one round trip proves the connection (and so its subscription) is still there.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    timeout.CancelAfter(_options.LivenessTimeout * 10);
                    await ping.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
                }

                Alive();
            }
        }
        finally
        {
            _listening = false;
            connection.Notification -= OnNotification;
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        Alive();
        var payload = e.Payload;
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

    private void Alive() => Volatile.Write(ref _aliveAt, Stopwatch.GetTimestamp()); // real time: the liveness of a socket, not business time

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for changes on channel {Channel}; caches may answer from memory.")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed's connection failed ({ErrorType}, SQLSTATE {SqlState}; was listening: {WasListening}); caches bypassed until it is back, next attempt in {DelayMs} ms.")]
    private static partial void LogLost(ILogger logger, string errorType, string sqlState, bool wasListening, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A change observer failed ({ErrorType}) on a change of {Model}.")]
    private static partial void LogObserverFailed(ILogger logger, string errorType, string model);
}
