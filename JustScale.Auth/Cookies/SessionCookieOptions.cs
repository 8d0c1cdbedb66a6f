using Microsoft.AspNetCore.Http;

namespace JustScale.Auth;

/// <summary>Configures the opt-in cookie transport: the session token in an HttpOnly, Secure, SameSite=Lax cookie instead of script-readable storage.</summary>
/// <remarks>
/// Set <see cref="AuthOptions.Cookie"/> to turn it on. <see cref="AuthMiddleware.Auth{TContext}"/> and
/// <see cref="AuthMiddleware.OptionalAuth{TContext}"/> then read the cookie when a request has no Authorization header
/// (a Bearer header still works and wins). A POST, PUT, PATCH or DELETE authenticated by the cookie must come from the
/// server's own host or from one of <see cref="TrustedOrigins"/> (checked on Origin, else Referer), or it is refused
/// with 403: a page on another site cannot use the visitor's cookie to act for them.
/// The front end must be on the same site as the API (same registrable domain, such as app.example.com and api.example.com):
/// with the default <see cref="SameSite"/> Lax, browsers drop the cookie on a cross-site page's fetch, and every call is 401.
/// A front end on another site needs <see cref="SameSite"/> None, its origin in <see cref="TrustedOrigins"/>, and CORS with credentials.
/// </remarks>
public sealed class SessionCookieOptions
{
    /// <summary>Gets or sets the cookie's name; <c>__Host-session</c> by default.</summary>
    /// <remarks>The <c>__Host-</c> prefix makes browsers refuse the cookie unless it is Secure, has Path=/ and no Domain, so a sibling subdomain cannot plant one.</remarks>
    public string Name { get; set; } = "__Host-session";

    /// <summary>Gets or sets the cookie's path; <c>/</c> by default (required by the <c>__Host-</c> prefix).</summary>
    public string Path { get; set; } = "/";

    /// <summary>Gets or sets the other origins (such as <c>https://app.example.com</c>) whose pages may send cookie-authenticated unsafe requests.</summary>
    /// <remarks>
    /// The server's own host is always trusted. List the front end's origin when it is served from another host, or
    /// when a proxy terminates TLS on another port. Each entry is a scheme, host and optional port, without a path.
    /// </remarks>
    public IList<string> TrustedOrigins { get; set; } = [];

    /// <summary>Gets or sets the cookie's SameSite attribute; <see cref="SameSiteMode.Lax"/> by default.</summary>
    /// <remarks>
    /// Lax: the cookie goes with same-site requests and top-level navigations, the front end must be on the API's site.
    /// Strict: same-site requests only (a link from another site arrives signed out). None: also cross-site, for a front end on
    /// another site; it requires Secure (always set) and at least one entry in <see cref="TrustedOrigins"/>, or the start fails.
    /// Unspecified is refused. Configuration: <c>JustScale:Auth:Cookie:SameSite</c> (<c>Lax</c>, <c>Strict</c>, <c>None</c>).
    /// </remarks>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Lax;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        if (!Name.All(c => c is > ' ' and < '\u007f' && "()<>@,;:\\\"/[]?={}".IndexOf(c, StringComparison.Ordinal) < 0))
        {
            throw new ArgumentException($"Cookie name \"{Name}\" may only contain visible ASCII characters other than separators.", nameof(Name));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Path, nameof(Path));
        if (!Path.StartsWith('/') || Path.Any(c => c is ';' or ',' || char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"Cookie path \"{Path}\" must start with '/' and contain no ';', ',' or spaces.", nameof(Path));
        }

        if (Name.StartsWith("__Host-", StringComparison.Ordinal) && Path != "/")
        {
            throw new ArgumentException($"A __Host- cookie must have Path=/; rename the cookie to use Path={Path}.", nameof(Path));
        }

        ArgumentNullException.ThrowIfNull(TrustedOrigins, nameof(TrustedOrigins));
        if (SameSite is not (SameSiteMode.Lax or SameSiteMode.Strict or SameSiteMode.None))
        {
            throw new ArgumentException($"Cookie SameSite {SameSite} is not supported; use Lax (the default), Strict or None.", nameof(SameSite));
        }

        if (SameSite == SameSiteMode.None && TrustedOrigins.Count == 0)
        {
            throw new ArgumentException(
                "Cookie SameSite=None sends the session cookie with requests from other sites: list the front end's origins in TrustedOrigins "
                + "(JustScale:Auth:Cookie:TrustedOrigins, such as https://app.example.com), or keep SameSite=Lax with the front end on the API's site.",
                nameof(SameSite));
        }

        foreach (var origin in TrustedOrigins)
        {
            if (CrossSiteCheck.ParseOrigin(origin) is null || origin.TrimEnd('/').Count(c => c == '/') != 2)
            {
                throw new ArgumentException($"Trusted origin \"{origin}\" must be an http(s) scheme, a host and an optional port, such as https://app.example.com.", nameof(TrustedOrigins));
            }
        }
    }
}
