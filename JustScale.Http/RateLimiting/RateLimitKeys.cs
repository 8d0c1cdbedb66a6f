using System.Net;
using System.Net.Sockets;

namespace JustScale.Http;

/// <summary>Reads common rate-limit partitions from a request, for <see cref="RateLimitPolicy.Limit"/>.</summary>
public static class RateLimitKeys
{
    /// <summary>Returns the client's IP address (<see cref="IRequestContext.ClientIp"/>, which honours trusted proxies); an IPv6 address counts as its /64 network.</summary>
    /// <remarks>One IPv6 subscriber usually holds a whole /64, so limiting single IPv6 addresses would limit nothing.</remarks>
    public static string? ClientIp(IRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ip = context.ClientIp;
        if (ip is null || !ip.Contains(':', StringComparison.Ordinal) || !IPAddress.TryParse(ip, out var address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ip;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
