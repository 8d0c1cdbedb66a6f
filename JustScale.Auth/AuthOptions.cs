namespace JustScale.Auth;

/// <summary>Configures <see cref="AuthFeature"/>: session lifetime, activity writes, purge batches, password cost, rate limits and the cookie transport.</summary>
public sealed class AuthOptions
{
    /// <summary>Gets or sets the lifetime of a new session when the caller gives none; 7 days by default.</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how often an authenticated request may write <see cref="Session.LastActiveAt"/>; 1 minute by default.</summary>
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many expired sessions <see cref="SessionService.RevokeExpiredAsync"/> deletes per statement; 1000 by default.</summary>
    public int RevokeExpiredBatchSize { get; set; } = 1000;

    /// <summary>Gets or sets how often a background job deletes expired sessions while the cluster runs; null (the default) runs none.</summary>
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>Gets or sets the password hashing options (scrypt cost, concurrency bound).</summary>
    public PasswordOptions Passwords { get; set; } = new();

    /// <summary>Gets or sets the limits of the <see cref="AuthRateLimits.Login"/> and <see cref="AuthRateLimits.Register"/> policies.</summary>
    /// <remarks>The policies exist whenever the feature does; a route applies one with <c>.RateLimit(AuthRateLimits.Login)</c>.</remarks>
    public AuthRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Gets or sets the session cookie transport; null (the default) keeps tokens in the Authorization header only.</summary>
    public SessionCookieOptions? Cookie { get; set; }

    /// <summary>Gets or sets whether a password change or reset revokes the user's sessions (all but the caller's own on a change); true by default.</summary>
    /// <remarks>Whoever had the old password (or a stolen session) must not stay logged in after the owner changed it.</remarks>
    public bool RevokeSessionsOnPasswordChange { get; set; } = true;

    /// <summary>Gets the one-time token lifetimes of the account flows (email verification 24 h, password reset 1 h).</summary>
    public AuthTokenOptions Tokens { get; set; } = new();

    /// <summary>Gets or sets the in-process session cache (max age 30 s, 10,000 entries); used only while a live <see cref="JustScale.Core.IChangeFeed"/> covers sessions and users.</summary>
    public SessionCacheOptions SessionCache { get; set; } = new();

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(SessionCache, nameof(SessionCache));
        SessionCache.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(SessionTtl, TimeSpan.Zero, nameof(SessionTtl));
        ArgumentOutOfRangeException.ThrowIfLessThan(TouchInterval, TimeSpan.Zero, nameof(TouchInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(RevokeExpiredBatchSize, 1, nameof(RevokeExpiredBatchSize));
        ArgumentNullException.ThrowIfNull(Passwords, nameof(Passwords));
        Passwords.Validate(); // a bad scrypt cost fails where the feature is configured, not when the cluster starts
        ArgumentNullException.ThrowIfNull(RateLimits, nameof(RateLimits));
        Cookie?.Validate();
        ArgumentNullException.ThrowIfNull(Tokens, nameof(Tokens));
        Tokens.Validate();
        if (SweepInterval is { } sweep)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sweep, TimeSpan.Zero, nameof(SweepInterval));
        }
    }

    /// <summary>Gets or sets the emails of the first admins (configuration <c>JustScale:Auth:Admins</c>): they hold the <c>admin</c> role.</summary>
    /// <remarks>Given at registration and, at start, to existing users with these emails (<see cref="UserService"/>);
    /// <see cref="UserRoles.Has"/> honours the list even before that.</remarks>
    public IList<string> Admins { get; set; } = [];
}
