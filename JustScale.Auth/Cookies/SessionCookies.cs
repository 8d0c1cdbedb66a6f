using System.Diagnostics.CodeAnalysis;
using JustScale.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Auth;

/// <summary>Sets and clears the session cookie of the opt-in cookie transport (<see cref="AuthOptions.Cookie"/>).</summary>
/// <remarks>
/// Both do nothing and return false while the transport is off, so one login route serves either way:
/// <c>if (ctx.SetSessionCookie(session)) { /* answer without the token */ }</c>.
/// </remarks>
public static class SessionCookies
{
    /// <summary>Puts a new session's token in an HttpOnly, Secure cookie (SameSite from <see cref="SessionCookieOptions.SameSite"/>, Lax by default) that expires with the session; false when the transport is off.</summary>
    /// <remarks>Pass the session returned by <see cref="SessionService.CreateAsync"/>: only it carries the plain token. Sets
    /// <c>Cache-Control: no-store</c> in either transport, since the answer carries the session.</remarks>
    /// <exception cref="InvalidOperationException">The response has already been written.</exception>
    public static bool SetSessionCookie(this IRequestContext context, Session session)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        context.Res.Header("Cache-Control", "no-store"); // the answer carries the session, in a cookie or in the body
        if (Options(context) is not { } cookie)
        {
            return false;
        }

        ThrowIfWritten(context);
        var lifetime = session.ExpiresAt - context.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        context.HttpContext.Response.Cookies.Append(cookie.Name, session.Token, Attributes(cookie, lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero));
        return true;
    }

    /// <summary>Tells the browser to drop the session cookie (logout); false when the transport is off.</summary>
    /// <exception cref="InvalidOperationException">The response has already been written.</exception>
    public static bool ClearSessionCookie(this IRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Options(context) is not { } cookie)
        {
            return false;
        }

        ThrowIfWritten(context);
        Expire(context.HttpContext, cookie);
        return true;
    }

    /// <summary>Reads the token from the cookie when the transport is on and the request has one.</summary>
    internal static bool TryGetToken(IRequestContext context, [NotNullWhen(true)] out string? token, [NotNullWhen(true)] out SessionCookieOptions? options)
    {
        options = Options(context);
        token = null;
        return options is not null && context.HttpContext.Request.Cookies.TryGetValue(options.Name, out token) && token.Length > 0;
    }

    /// <summary>Writes an expired cookie of the same name and path, which browsers treat as a deletion.</summary>
    internal static void Expire(HttpContext http, SessionCookieOptions cookie)
    {
        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Append(cookie.Name, string.Empty, Attributes(cookie, TimeSpan.Zero));
        }
    }

    // Declared by Auth and OptionalAuth, so resolved once for their routes; a login handler's call reads the request's services.
    private static SessionCookieOptions? Options(IRequestContext context) => context.Injected<AuthOptions>().Cookie;

    private static CookieOptions Attributes(SessionCookieOptions cookie, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = cookie.SameSite,
        Path = cookie.Path,
        MaxAge = maxAge,
        Expires = maxAge == TimeSpan.Zero ? DateTimeOffset.UnixEpoch : null,
        IsEssential = true,
    };

    private static void ThrowIfWritten(IRequestContext context)
    {
        if (context.Res.HasStarted)
        {
            throw new InvalidOperationException("The response has already been written; set or clear the session cookie before writing it.");
        }
    }
}
