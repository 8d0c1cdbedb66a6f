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
        if (IsSafeMethod(request.Method))
        {
            return true;
        }

        var source = request.Headers.Origin.ToString() is { Length: > 0 } sent ? sent : request.Headers.Referer.ToString();
        return ParseOrigin(source) is { } origin
            && (IsOwnOrigin(origin, request) || options.TrustedOrigins.Any(trusted => ParseOrigin(trusted) is { } allowed && SameOrigin(origin, allowed)));
    }

    /// <summary>Tells whether a method only reads (GET, HEAD, OPTIONS): those are never checked, so they must not change state.</summary>
    public static bool IsSafeMethod(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>Parses the origin (scheme, host, port) of an absolute http or https URL; null for anything else.</summary>
    public static Uri? ParseOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0
            ? uri
            : null;

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>Compares scheme, host and port with the origin the browser addressed: the request's scheme (https behind a
    /// trusted proxy that says so) and its Host, whose missing port is the scheme's default.</summary>
    /// <remarks><c>https://localhost:P</c> against a plain-HTTP server, or <c>http://localhost:9999</c> against
    /// <c>Host: localhost</c>, is another origin.</remarks>
    private static bool IsOwnOrigin(Uri origin, HttpRequest request)
    {
        var (host, scheme) = (request.Host, request.Scheme);
        return host.HasValue
            && string.Equals(Unbracket(origin.Host), Unbracket(host.Host), StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.Scheme, scheme, StringComparison.OrdinalIgnoreCase)
            && origin.Port == (host.Port ?? (string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? 443 : 80));
    }

    /// <summary>Tells whether a browser marked the request as coming from a page: it carries Origin, or a Sec-Fetch-Site other than <c>none</c>.</summary>
    public static bool IsFromAPage(HttpRequest request) =>
        request.Headers.Origin.Count > 0
        || (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && !string.Equals(site, "none", StringComparison.OrdinalIgnoreCase));

    private static string Unbracket(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
}
