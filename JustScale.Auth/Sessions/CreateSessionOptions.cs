namespace JustScale.Auth;

/// <summary>Describes the client of a new session and its lifetime (the docs' <c>{ userAgent, ipAddress, ttlMs }</c>).</summary>
public sealed record CreateSessionOptions
{
    /// <summary>Gets the client's user agent; longer than 500 characters it is cut.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Gets the client's IP address; longer than 45 characters it is dropped.</summary>
    public string? IpAddress { get; init; }

    /// <summary>Gets the session's lifetime; null takes <see cref="AuthOptions.SessionTtl"/>, zero makes it already expired.</summary>
    public TimeSpan? Ttl { get; init; }
}
