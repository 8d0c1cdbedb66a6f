using Microsoft.AspNetCore.Http;

namespace JustScale.Auth;

/// <summary>Decides whether a cookie-authenticated request may act: safe methods always, unsafe ones only from the own host or a trusted origin.</summary>
/// <remarks>
/// Browsers send Origin on every cross-origin POST, PUT, PATCH and DELETE, and a page cannot forge it; Referer is the
/// fallback for the rare browser that omits Origin. A request with neither, or with <c>Origin: null</c> (sandboxed
/// frames, some redirects), is refused: clients without a browser send a Bearer header instead.
/// </remarks>
internal static class CrossSiteCheck
{
    /// <summary>Returns true when the request may use its session cookie.</summary>
    public static bool Allows(HttpContext http, SessionCookieOptions options)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return true;
        }

        var source = request.Headers.Origin.ToString();
        if (source.Length == 0)
        {
            source = request.Headers.Referer.ToString();
        }

        if (ParseOrigin(source) is not { } origin)
        {
            return false;
        }

        if (IsOwnHost(origin, request.Host))
        {
            return true;
        }

        foreach (var trusted in options.TrustedOrigins)
        {
            if (ParseOrigin(trusted) is { } allowed && SameOrigin(origin, allowed))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses the origin (scheme, host, port) of an absolute http or https URL; null for anything else.</summary>
    public static Uri? ParseOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0
            ? uri
            : null;

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>Compares with the Host the browser addressed; a Host without a port matches any port, as behind a TLS-terminating proxy.</summary>
    private static bool IsOwnHost(Uri origin, HostString host)
    {
        if (!host.HasValue || !string.Equals(Unbracket(origin.Host), Unbracket(host.Host), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return host.Port is not { } port || port == origin.Port;
    }

    private static string Unbracket(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
}
