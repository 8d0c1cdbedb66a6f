using JustScale.Http;

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

    /// <summary>Gets the id of the admin who impersonates the user through the new session, or null.</summary>
    public Guid? ImpersonatedBy { get; init; }

    /// <summary>Returns the options of a session made for this request: its User-Agent header and client IP.</summary>
    /// <remarks>The IP is <see cref="IRequestContext.ClientIp"/>: the socket peer, or the X-Forwarded-For client behind a trusted
    /// proxy, by the same rules as the rate limits. Shown to the user in their session list; never used to decide access.</remarks>
    public static CreateSessionOptions For(IRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var agent = context.Headers.UserAgent.ToString();
        return new CreateSessionOptions { UserAgent = agent.Length == 0 ? null : agent, IpAddress = context.ClientIp };
    }
}
