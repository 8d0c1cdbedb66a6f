namespace JustScale.Auth;

/// <summary>Configures the in-process session cache of <see cref="SessionService"/>: how long and how many sessions it keeps.</summary>
/// <remarks>
/// A cached lookup answers an authenticated request with no database round trip. The cache is used only while the
/// cluster has an <see cref="JustScale.Core.IChangeFeed"/> that covers sessions and users and is live (PostgreSQL:
/// <c>PgChangeFeed</c> and <c>NotifyChanges</c> on both models): every revocation, password change, disable or delete
/// then evicts the entry in every process. Without such a feed the cache stays off, whatever these options say.
/// </remarks>
public sealed class SessionCacheOptions
{
    /// <summary>Gets or sets how long a cached session may answer at most before it is read again; 30 s by default, zero turns the cache off.</summary>
    /// <remarks>Each entry is read again after a random share of it, between three quarters and all, so that sessions cached together do not fall due together.</remarks>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many sessions the cache holds at most; 10,000 by default, zero turns the cache off.</summary>
    /// <remarks>When full, a new session is not cached until entries age out (or the cache is trimmed of expired ones).</remarks>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Gets whether the options turn the cache on (both bounds above zero).</summary>
    public bool Enabled => MaxAge > TimeSpan.Zero && MaxEntries > 0;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAge, TimeSpan.Zero, nameof(MaxAge));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxEntries, nameof(MaxEntries));
    }
}
