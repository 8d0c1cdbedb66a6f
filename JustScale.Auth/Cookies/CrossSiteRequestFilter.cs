using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Refuses, with cookie sessions on, every unsafe request a page of another origin sends: login and register included, not only the routes that read the cookie.</summary>
/// <remarks>
/// Without it a cross-site form could log the victim's browser into the attacker's account (login CSRF): login reads no
/// cookie, it sets one. Added by <see cref="AuthFeature"/> as a cluster middleware when <see cref="AuthOptions.Cookie"/> is
/// set. Requests no page sent (no Origin, no Sec-Fetch-Site: curl, mobile apps, servers) pass; so do requests with an
/// Authorization header (Bearer), the own origin and <see cref="SessionCookieOptions.TrustedOrigins"/>. The route, its rate limit and its scrypt never run for a refused one.
/// </remarks>
internal static class CrossSiteRequestFilter
{
    /// <summary>Returns the cluster middleware for the cookie options.</summary>
    public static ClusterMiddleware For(SessionCookieOptions cookie) => (context, next) =>
    {
        var http = context.HttpContext;
        // An Authorization header is no ambient credential: a page of another origin cannot add one without passing CORS.
        if (!CrossSiteCheck.IsSafeMethod(http.Request.Method) && http.Request.Headers.Authorization.Count == 0 && CrossSiteCheck.IsFromAPage(http.Request) && !CrossSiteCheck.Allows(http, cookie))
        {
            throw new CrossSiteRequestException();
        }

        return next();
    };
}
