using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace JustScale.Postgres;

/// <content>The proof of the subscription: a notification the feed sends itself through the client's pool, which must come back on the listening connection.</content>
public sealed partial class PgChangeFeed
{
    /// <summary>Starts every proof payload; a change payload is <c>table:uuid</c>, so the two never meet.</summary>
    private const string ProofPrefix = "justscale-proof ";

    private readonly string _proofPrefix = ProofPrefix + Guid.NewGuid().ToString("N") + " ";
    /// <summary>How many send times are kept, and so how many proofs may be on their way at once (25 fill a 1 s <see cref="ProofTimeout"/>
    /// by default); while that many are, no new one is sent, so the oldest one's send time is never overwritten before it came back or
    /// timed out, whatever the liveness timeout.</summary>
    private const int ProofSlots = 64;

    private readonly long[] _proofSentAt = new long[ProofSlots];
    private long _proofSent;
    private long _proofReturned;
    private long _provenAt;
    private volatile bool _wasProven;
    private int _unprovenWarned;
    private int _asked;
    private TaskCompletionSource? _wake;

    /// <summary>Gets how long a proof may take to come back before the listening connection is given up; ten liveness timeouts (1 s by default).</summary>
    private TimeSpan ProofTimeout => _options.LivenessTimeout * 10;

    /// <summary>Sends a proof each heartbeat (the next once the previous one was sent, whether or not it came back yet, so a slow
    /// delivery does not slow the proofs down); ends the listening (by cancelling <paramref name="ended"/>) when a proof cannot be
    /// sent or does not come back within <see cref="ProofTimeout"/>. Rests while no cache asks (<see cref="PgChangeFeedOptions.IdleAfter"/>).</summary>
    private async Task<ProofEnd> ProveAsync(CancellationTokenSource ended)
    {
        var token = ended.Token;
        var ticks = new PeriodicTimer(_options.HeartbeatInterval); // real time: the liveness of a socket, not business time
        var askedAt = Stopwatch.GetTimestamp();
        var end = ProofEnd.Stopped;
        Volatile.Write(ref _proofReturned, Volatile.Read(ref _proofSent)); // proofs of an earlier connection never come back here
        try
        {
            while (!token.IsCancellationRequested)
            {
                // A proof timeout longer than ProofSlots heartbeats (a liveness timeout of 256 ms or more at 40 ms) would otherwise
                // overwrite the oldest proof's send time with a fresh one, and a silent connection would never time out.
                var sequence = Volatile.Read(ref _proofSent);
                if (sequence - Volatile.Read(ref _proofReturned) < ProofSlots)
                {
                    sequence = Interlocked.Increment(ref _proofSent);
                    Volatile.Write(ref _proofSentAt[sequence % ProofSlots], Stopwatch.GetTimestamp());
                    if (await SendProofAsync(sequence, token).ConfigureAwait(false) is { } failure)
                    {
                        end = new ProofEnd(_wasProven, false, failure);
                        break;
                    }
                }

                await ticks.WaitForNextTickAsync(token).ConfigureAwait(false);

                // The oldest proof not back yet: sent too long ago, and the subscription is not proven anymore.
                var oldest = Volatile.Read(ref _proofReturned) + 1;
                if (oldest <= sequence && Stopwatch.GetElapsedTime(Volatile.Read(ref _proofSentAt[oldest % ProofSlots])) > ProofTimeout)
                {
                    end = new ProofEnd(_wasProven, true, null);
                    break;
                }

                if (Interlocked.Exchange(ref _asked, 0) == 1)
                {
                    askedAt = Stopwatch.GetTimestamp();
                }
                else if (oldest > sequence && Stopwatch.GetElapsedTime(askedAt) > _options.IdleAfter)
                {
                    // Every proof came back and nobody asked for a while: rest without a timer until a cache asks again.
                    ticks.Dispose();
                    await RestAsync(token).ConfigureAwait(false);
                    ticks = new PeriodicTimer(_options.HeartbeatInterval);
                    askedAt = Stopwatch.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            end = new ProofEnd(_wasProven, false, null); // the connection failed or the feed stops: the listening loop knows why
        }
        finally
        {
            ticks.Dispose();
            _listening = false;
            await ended.CancelAsync().ConfigureAwait(false);
        }

        return end;
    }

    /// <summary>Waits until <see cref="IsLive"/> is asked; the feed stops counting as live one liveness timeout after the last proof.</summary>
    private async Task RestAsync(CancellationToken token)
    {
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _wake, wake);
        try
        {
            // Published the wake before reading the flag (a full fence), while IsLive sets the flag before reading the wake: one sees the other.
            if (Interlocked.CompareExchange(ref _asked, 0, 0) == 0)
            {
                LogResting(_logger, _options.IdleAfter.TotalSeconds);
                await wake.Task.WaitAsync(token).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _wake, null);
        }
    }

    /// <summary>Sends one proof through the client's pool, the path every writer's notification takes; returns the failure, if any.</summary>
    private async Task<Exception?> SendProofAsync(long sequence, CancellationToken token)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(ProofTimeout);
            var command = _client!.Pool.CreateCommand("SELECT pg_notify($1, $2)");
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Channel });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _proofPrefix + sequence.ToString(CultureInfo.InvariantCulture) });
            await command.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Records a proof that came back: this feed's latest one proves the subscription as of the moment it was sent.</summary>
    private void OnProof(string payload)
    {
        if (!payload.StartsWith(_proofPrefix, StringComparison.Ordinal)
            || !long.TryParse(payload.AsSpan(_proofPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence <= Volatile.Read(ref _proofReturned)
            || sequence > Volatile.Read(ref _proofSent)
            || Volatile.Read(ref _proofSent) - sequence >= ProofSlots)
        {
            return; // another instance's proof, or one of ours from an earlier connection
        }

        // Notifications arrive in commit order: every change committed before the proof was sent has arrived already.
        Volatile.Write(ref _provenAt, Volatile.Read(ref _proofSentAt[sequence % ProofSlots]));
        Volatile.Write(ref _proofReturned, sequence);
        if (!_listening)
        {
            _listening = true;
            _wasProven = true;
            Interlocked.Exchange(ref _unprovenWarned, 0);
            _firstListen.TrySetResult();
            LogListening(_logger, Channel);
        }
    }

    /// <summary>How a listening connection's proofs ended.</summary>
    /// <param name="Proven">Whether a proof had come back on it.</param>
    /// <param name="Unproven">Whether a proof was sent but did not come back in time (a pooler that drops notifications).</param>
    /// <param name="ProofFailure">The failure that kept a proof from being sent, if any.</param>
    private readonly record struct ProofEnd(bool Proven, bool Unproven, Exception? ProofFailure)
    {
        public static ProofEnd Stopped => default;
    }
}
