using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JustScale.Http;

/// <summary>Configures <see cref="HttpHost.Listen"/>: address, TLS, body limit, trusted proxies and Kestrel's protective limits.</summary>
public sealed class ListenOptions
{
    /// <summary>Gets or sets the address to bind: <c>localhost</c> (default, loopback only), an IP address, or <c>*</c> for every interface.</summary>
    /// <remarks>The default keeps a development server off the network; in a container use <c>*</c> (or <c>0.0.0.0</c>).</remarks>
    public string Host { get; set; } = "localhost";

    /// <summary>Gets or sets the TCP port; 0 picks a free one, reported by <see cref="HttpServer.Port"/>. Defaults to 3000.</summary>
    public int Port { get; set; } = 3000;

    /// <summary>Gets or sets the TLS certificate to serve HTTPS with, or null (the default) for plain HTTP.</summary>
    /// <remarks>Plain HTTP suits a loopback development server, or a server behind a proxy that terminates TLS.</remarks>
    public HttpsOptions? Https { get; set; }

    /// <summary>Gets or sets a change to ASP.NET Core's HSTS options, or null (the default) to keep JustScale's: a year, every host.</summary>
    /// <remarks>The Strict-Transport-Security header is sent on HTTPS responses outside the Development environment, including
    /// requests a trusted proxy forwarded with <c>X-Forwarded-Proto: https</c>; browsers ignore it over plain HTTP. Start
    /// with a short <c>MaxAge</c> and raise it once HTTPS works everywhere: browsers remember it that long.</remarks>
    public Action<HstsOptions>? ConfigureHsts { get; set; }

    /// <summary>Gets or sets the CORS policy applied to every request, or null (the default) for no CORS headers at all.</summary>
    /// <remarks>
    /// ASP.NET Core's own CORS middleware, ahead of routing: a preflight (<c>OPTIONS</c> with
    /// <c>Access-Control-Request-Method</c>) is answered 204 for any path, never 404 or 405, and an origin the policy does
    /// not list gets no <c>Access-Control-Allow-Origin</c>, so the browser withholds the response from its page. Build it
    /// with <c>new CorsPolicyBuilder("https://app.example").AllowAnyHeader().AllowAnyMethod().Build()</c>; add
    /// <c>.AllowCredentials()</c> only for cookie sessions from a listed origin.
    /// </remarks>
    public CorsPolicy? Cors { get; set; }

    /// <summary>Gets or sets the largest request body accepted by a route that takes one, in bytes (default 64 KiB); one byte more is answered with 413.</summary>
    /// <remarks>A route can raise or lower it with <see cref="Route{TContext}.MaxBodySize"/>; a route that binds no body and sets
    /// no limit refuses every body, unread. Memory follows the bytes received, not this limit nor the declared Content-Length:
    /// a body's buffer starts at 4 KiB and doubles as data arrives, within a process-wide budget (503 past it).</remarks>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the most bytes the bodies of requests in flight may hold together, or null (the default) for an eighth of the
    /// memory available to the GC, between 4 MiB and 512 MiB.</summary>
    /// <remarks>Past it a request whose body needs more memory is answered 503 with Retry-After (never an OutOfMemoryException).</remarks>
    public long? MaxBodyBytesInFlight { get; set; }

    /// <summary>Gets or sets the proxies (addresses or networks such as <c>10.0.0.0/8</c>) whose X-Forwarded-For, -Proto and -Host headers are believed.</summary>
    /// <remarks>Empty by default: the client IP is the socket peer and forwarding headers, which clients can forge, are ignored.
    /// Added to <see cref="JustScaleHttpOptions.TrustedProxies"/> of the cluster's configuration (<c>JustScale:Http:TrustedProxies</c>).</remarks>
    public IReadOnlyList<string> TrustedProxies { get; set; } = [];

    /// <summary>Gets or sets the largest total size of request headers, in bytes (default 32 KiB); larger is answered with 431.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>Gets or sets how long a client may take to send the request headers (default 10 s), so slow clients cannot hold connections.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long an idle keep-alive connection stays open (default 2 minutes).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the maximum number of open connections (default 10,000), or null for no limit (Kestrel's default).</summary>
    /// <remarks>
    /// Every open connection costs memory and a file descriptor, and a client needs nothing but sockets to open them; past
    /// the limit Kestrel closes new connections at once, and the ones already open keep being served. 10,000 is far above
    /// what one instance serves at a time (the example answers thousands of requests per second on a few hundred
    /// connections) and, at a few KiB each while idle or slow, well within a 100 MB heap. Size it to the container:
    /// about the file-descriptor limit (<c>ulimit -n</c>) minus what the process needs for its database pool and files.
    /// </remarks>
    public long? MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>Gets or sets the slowest a client may send a request body (default 240 bytes/s after a 5 s grace period, Kestrel's own), or null for none.</summary>
    /// <remarks>
    /// Below this rate Kestrel answers 408 and closes the connection, so a slow client cannot hold a request open forever.
    /// Kept at Kestrel's default, which mobile clients on a poor network still meet; it bounds a client's time only
    /// loosely (a 1 MiB body may take over an hour at 240 bytes/s), which is why small per-route limits
    /// (<see cref="Route{TContext}.MaxBodySize"/>) and <see cref="MaxConcurrentConnections"/> matter more. Kestrel requires a
    /// grace period of more than one second.
    /// </remarks>
    public MinDataRate? MinRequestBodyDataRate { get; set; } = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    /// <summary>Gets or sets how long <see cref="HttpServer.StopAsync"/> waits for in-flight requests before aborting them (default 30 s), after the drain delay.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
