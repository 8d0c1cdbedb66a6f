namespace JustScale.Auth;

// The concurrency bound: how many scrypt runs (16 MiB each at the default cost) happen at once. Every call that asks
// for a slot counts in justscale.auth.password_hashes.queued, every refused one also in ...shed.
public sealed partial class PasswordService
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxConcurrentHashes;
    private readonly TimeSpan _maxQueueWait;
    private readonly TimeSpan _retryAfter;
    private readonly TimeProvider _time;

    // Runs scrypt work on the thread pool once a slot is free, and frees the slot after it.
    private async Task<T> InSlotAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await AcquireSlotAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    // Waits for a slot up to the queue wait; the caller's token cancels the wait, the timeout reports overload.
    private async ValueTask AcquireSlotAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Metrics.HashQueued();
        if (_slots.Wait(0))
        {
            return;
        }

        if (_maxQueueWait == TimeSpan.Zero)
        {
            throw Overloaded();
        }

        using var timeout = new CancellationTokenSource(_maxQueueWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Overloaded();
        }
    }

    private PasswordHasherOverloadedException Overloaded()
    {
        Metrics.HashShed();
        if (MarkShed())
        {
            Log.Overloaded(_logger, _maxConcurrentHashes, _maxQueueWait.TotalMilliseconds);
        }

        return new PasswordHasherOverloadedException(_retryAfter);
    }
}
