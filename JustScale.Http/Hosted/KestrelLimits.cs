using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JustScale.Http;

/// <summary>Gives a host's Kestrel the protective limits that <see cref="HttpHost.Listen"/> sets from <see cref="ListenOptions"/>.</summary>
/// <remarks>
/// Kestrel's own defaults are looser: 30 s for a client to send its headers (slow clients hold connections three times
/// longer), a 30 MB body limit, no connection limit, a Server header. In the hosted style call
/// <c>builder.WebHost.ConfigureKestrel(kestrel => kestrel.UseJustScaleLimits())</c>.
/// </remarks>
public static class KestrelLimits
{
    private const int RequestBufferBytes = 64 * 1024;

    /// <summary>Applies the limits of <paramref name="options"/> (the defaults when null): header size and timeout, keep-alive, connections, body size and rate, no Server header.</summary>
    /// <remarks>Kestrel's body limit becomes <see cref="ListenOptions.MaxBodyBytes"/>; JustScale's routes raise it per request
    /// where they read a little past their own limit to answer 413 to a client still uploading. In the hosted style, give
    /// <c>MapJustScale</c> the same <c>MaxBodyBytes</c>.</remarks>
    public static KestrelServerOptions UseJustScaleLimits(this KestrelServerOptions kestrel, ListenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        options ??= new ListenOptions();
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;

        // What a connection's transport may buffer ahead of the application (Kestrel's default, 1 MiB, let 130 clients sending
        // a body and stalling hold 130 MiB before any route ran, issue 25); large enough for the largest request headers.
        kestrel.Limits.MaxRequestBufferSize = Math.Max(RequestBufferBytes, options.MaxRequestHeadersTotalSize + (16 * 1024));
        kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersTotalSize;
        kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        kestrel.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
        kestrel.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
        kestrel.Limits.MinRequestBodyDataRate = options.MinRequestBodyDataRate;
        return kestrel;
    }
}
