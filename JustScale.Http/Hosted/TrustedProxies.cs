using System.Net;
using JustScale.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace JustScale.Http.Hosted;

/// <summary>Turns <see cref="JustScaleHttpOptions.TrustedProxies"/> into the options of ASP.NET Core's forwarded headers middleware.</summary>
internal static class TrustedProxies
{
    /// <summary>Returns forwarded-headers options that believe only the listed proxies, or null when none is listed.</summary>
    /// <remarks>
    /// Never options with empty lists: the middleware then believes every peer. The loopback defaults are cleared too, so that
    /// a spoofed header sent from the instance's own host is ignored unless loopback is listed. No forward limit: behind a
    /// chain of listed proxies the client is the rightmost address that is not one of them.
    /// </remarks>
    /// <exception cref="JustScaleException">A value is neither an address nor a network; the message names the setting.</exception>
    public static ForwardedHeadersOptions? Options(IList<string> proxies, string setting = JustScaleHttpOptions.Section + ":TrustedProxies")
    {
        if (proxies.Count == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        for (var i = 0; i < proxies.Count; i++)
        {
            options.KnownIPNetworks.Add(Parse(proxies[i], $"{setting}:{i}"));
        }

        return options;
    }

    private static IPNetwork Parse(string? value, string setting)
    {
        var text = value?.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return new IPNetwork(address, address.GetAddressBytes().Length * 8);
        }

        throw new JustScaleException(
            $"{setting} is \"{value}\": a trusted proxy is an IP address (10.0.0.1) or a network (10.0.0.0/8).");
    }
}
