using System.Threading.RateLimiting;
using JustScale.Core;

namespace JustScale.Http.RateLimiting;

/// <summary>Limits one partition with a fixed window whose counter lives in an <see cref="IRateLimitStore"/> shared by instances.</summary>
/// <remarks>
/// An ASP.NET Core <see cref="RateLimiter"/>, so it composes with <see cref="PartitionedRateLimiter"/> like the built-in
/// ones. Each acquisition is one atomic increment in the store; nothing is queued. Only the asynchronous path is
/// supported: a store is I/O, and JustScale never blocks on it.
/// </remarks>
internal sealed class StoredFixedWindowRateLimiter(IRateLimitStore store, string key, FixedWindowLimit limit, TimeProvider time) : RateLimiter
{
    private static readonly TimeSpan MinimumRetryAfter = TimeSpan.FromSeconds(1);
    private long _lastUsed = time.GetTimestamp();

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => time.GetElapsedTime(Volatile.Read(ref _lastUsed));

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => null;

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        throw new NotSupportedException("A store-backed rate limiter counts in the store: call AcquireAsync.");

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, limit.PermitLimit);
        Volatile.Write(ref _lastUsed, time.GetTimestamp());
        if (permitCount == 0)
        {
            return Lease.Acquired;
        }

        var now = time.GetUtcNow();
        var counted = await store.IncrementAsync(key, limit.WindowStart(now), limit.Window, permitCount, limit.PermitLimit, cancellationToken).ConfigureAwait(false);
        if (counted.Count <= limit.PermitLimit)
        {
            return Lease.Acquired;
        }

        var retryAfter = counted.WindowStart + limit.Window - now;
        return new Lease(false, retryAfter < MinimumRetryAfter ? MinimumRetryAfter : retryAfter);
    }

    /// <summary>Reports the outcome of one acquisition; a refusal carries Retry-After.</summary>
    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name ? value : null;
            return metadata is not null;
        }
    }
}
