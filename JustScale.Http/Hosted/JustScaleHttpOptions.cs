namespace JustScale.Http;

/// <summary>Configures how a JustScale app sits behind proxies and shuts down; bound from the <c>JustScale:Http</c> configuration section.</summary>
/// <remarks>
/// Read by both styles: the hosted one (<c>AddJustScale</c>, from the host's configuration) and <see cref="HttpHost.Listen"/>
/// (from the cluster's configuration, environment variables by default, plus <see cref="ListenOptions.TrustedProxies"/>).
/// In the environment: <c>JustScale__Http__TrustedProxies__0=10.0.0.0/8</c>, <c>JustScale__Http__DrainDelay=00:00:03</c>.
/// </remarks>
public sealed class JustScaleHttpOptions
{
    /// <summary>Gets the configuration section the options are bound from.</summary>
    public const string Section = "JustScale:Http";

    /// <summary>Gets the proxies (addresses such as <c>10.0.0.1</c> or networks such as <c>10.0.0.0/8</c>) whose X-Forwarded-For, -Proto and -Host headers are believed.</summary>
    /// <remarks>
    /// Empty by default: the client is the socket peer and forwarding headers, which anyone can send, are ignored. Behind a
    /// listed proxy ASP.NET Core's forwarded headers middleware rewrites the connection's address (the client IP of rate
    /// limits and session records), the request's scheme (cookies, HSTS, the cross-site check) and its host; from any other
    /// peer the headers are left alone. A value that is neither an address nor a network fails the start, naming the setting.
    /// </remarks>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>Gets or sets how long the server keeps answering after the host is asked to stop (SIGTERM) while readiness already fails; null for the default.</summary>
    /// <remarks>
    /// The default is 5 s outside the Development environment and zero in it. During the delay the readiness check added
    /// with <c>AddDrainCheck</c> reports unhealthy, so a balancer polling it takes the instance out before Kestrel stops
    /// accepting connections; then in-flight requests finish as usual. The host's shutdown timeout is extended by the delay.
    /// </remarks>
    public TimeSpan? DrainDelay { get; set; }
}
