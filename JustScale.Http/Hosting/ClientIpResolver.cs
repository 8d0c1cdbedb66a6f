using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace JustScale.Http.Hosting;

/// <summary>Finds the client's address: the socket peer, or, behind trusted proxies, the rightmost untrusted X-Forwarded-For entry.</summary>
/// <remarks>
/// X-Forwarded-For is written by the client too, so only entries appended by trusted proxies are believed: the chain is
/// walked from the right and the first address that is not a trusted proxy is the client. An entry that is not an
/// address ends the walk at the peer. When every entry is a trusted proxy, the leftmost one is returned.
/// </remarks>
internal static class ClientIpResolver
{
    public static string? Resolve(HttpContext http, IPNetwork[] trustedProxies)
    {
        var peer = http.Connection.RemoteIpAddress;
        if (peer is null)
        {
            return null;
        }

        peer = Normalize(peer);
        if (trustedProxies.Length == 0 || !IsTrusted(peer, trustedProxies))
        {
            return peer.ToString();
        }

        return FromForwardedFor(http.Request.Headers["X-Forwarded-For"], trustedProxies) ?? peer.ToString();
    }

    /// <summary>Tells whether the request came over TLS, directly or through a trusted proxy that says so in X-Forwarded-Proto.</summary>
    public static bool IsHttps(HttpContext http, IPNetwork[] trustedProxies)
    {
        if (http.Request.IsHttps)
        {
            return true;
        }

        var peer = http.Connection.RemoteIpAddress;
        if (peer is null || trustedProxies.Length == 0 || !IsTrusted(Normalize(peer), trustedProxies))
        {
            return false;
        }

        // The proxy nearest to us appends last: its value is the rightmost one.
        var proto = http.Request.Headers["X-Forwarded-Proto"].ToString();
        var last = proto.AsSpan(proto.LastIndexOf(',') + 1).Trim();
        return last.Equals("https", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses a trusted proxy: an address (<c>10.0.0.1</c>) or a network (<c>10.0.0.0/8</c>).</summary>
    public static IPNetwork ParseProxy(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (IPNetwork.TryParse(value, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            address = Normalize(address);
            return new IPNetwork(address, address.GetAddressBytes().Length * 8);
        }

        throw new ArgumentException($"Trusted proxy '{value}' is neither an IP address nor a network such as 10.0.0.0/8.", nameof(value));
    }

    private static string? FromForwardedFor(StringValues headers, IPNetwork[] trustedProxies)
    {
        string? leftmost = null;
        for (var h = headers.Count - 1; h >= 0; h--)
        {
            var entries = (headers[h] ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var i = entries.Length - 1; i >= 0; i--)
            {
                if (!TryParse(entries[i], out var address))
                {
                    return null;
                }

                if (!IsTrusted(address, trustedProxies))
                {
                    return address.ToString();
                }

                leftmost = address.ToString();
            }
        }

        return leftmost;
    }

    private static bool TryParse(string entry, out IPAddress address)
    {
        if (IPAddress.TryParse(entry, out var parsed) || (IPEndPoint.TryParse(entry, out var endPoint) && (parsed = endPoint.Address) is not null))
        {
            address = Normalize(parsed);
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    private static bool IsTrusted(IPAddress address, IPNetwork[] trustedProxies)
    {
        foreach (var network in trustedProxies)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
