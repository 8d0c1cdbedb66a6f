namespace JustScale.Core;

/// <summary>Keeps rate-limit counters in storage that several instances share, so a limit holds across all of them.</summary>
/// <remarks>
/// JustScale.Http counts in memory unless the cluster provides one; JustScale.Postgres provides <c>PgRateLimitStore</c>.
/// It lives here, in Core, because the package that stores (Postgres) and the package that limits (Http) may not
/// reference each other. Implementations count atomically: concurrent increments of one key from any instance all count.
/// </remarks>
public interface IRateLimitStore
{
    /// <summary>Adds <paramref name="permits"/> to the key's counter for a fixed window and returns the counter after the addition.</summary>
    /// <remarks>
    /// A window that starts later than the stored one replaces it (the counter restarts); an earlier one, from an
    /// instance whose clock lags, counts into the stored window. The result names the window that was counted into.
    /// </remarks>
    /// <param name="key">The partition, such as <c>auth.login:ip:203.0.113.7</c>; stores may hash it.</param>
    /// <param name="windowStart">The start of the window the caller's clock is in.</param>
    /// <param name="window">The window's length.</param>
    /// <param name="permits">How many permits to add (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RateLimitCount> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, int permits, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="permits"/> to the key's counter like the overload without a limit, knowing the limit the caller checks the result against.</summary>
    /// <remarks>
    /// Knowing the limit lets a store answer a key already at or over it in the current window without I/O (a counter
    /// only grows within its window, so the answer cannot change until the window ends), and refuse rather than queue
    /// without bound when it is saturated. A store that does neither inherits this default, which ignores the limit.
    /// When the returned count exceeds <paramref name="permitLimit"/> the caller refuses; a store that answered locally
    /// may return a count below the stored one, but never one at or under the limit for a key that is over it.
    /// </remarks>
    /// <param name="key">The partition, such as <c>auth.login:ip:203.0.113.7</c>; stores may hash it.</param>
    /// <param name="windowStart">The start of the window the caller's clock is in.</param>
    /// <param name="window">The window's length.</param>
    /// <param name="permits">How many permits to add (at least 1).</param>
    /// <param name="permitLimit">The most permits the window allows; a count above it is refused.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RateLimitCount> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, int permits, long permitLimit, CancellationToken cancellationToken = default) =>
        IncrementAsync(key, windowStart, window, permits, cancellationToken);
}
