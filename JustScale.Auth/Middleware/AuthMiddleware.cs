using System.Diagnostics;
using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Authenticates requests by their Bearer token, or their session cookie when the cookie transport is on (the docs' <c>auth</c> and <c>optionalAuth</c>).</summary>
/// <remarks>
/// Import with <c>using static JustScale.Auth.AuthMiddleware;</c> and write <c>.Use(Auth)</c>. The header must be exactly
/// <c>Authorization: Bearer &lt;token&gt;</c> (case-sensitive prefix). One database round trip finds the session with its user;
/// <see cref="Session.LastActiveAt"/> is written at most once per <see cref="AuthOptions.TouchInterval"/>. With
/// <see cref="AuthOptions.Cookie"/> set, a request without an Authorization header is authenticated by the session
/// cookie instead; an unsafe method (POST, PUT, PATCH, DELETE) from another site is then refused (<see cref="CrossSiteRequestException"/>).
/// </remarks>
public static class AuthMiddleware
{
    private const string BearerPrefix = "Bearer ";
    private const string Bearer = "bearer";
    private const string Cookie = "cookie";

    /// <summary>Requires a valid session: adds user and session to the context, or throws <see cref="AuthenticationFailedException"/> (401).</summary>
    /// <remarks>Declares <see cref="SessionService"/> and <see cref="AuthOptions"/>: a route using it in a cluster without
    /// <see cref="AuthFeature"/> fails Build, and both are resolved once, when the routes compile.</remarks>
    [Inject(typeof(SessionService), ProvidedBy = typeof(AuthFeature))]
    [Inject(typeof(AuthOptions), ProvidedBy = typeof(AuthFeature))]
    [Inject(typeof(BearerTokenReaders), ProvidedBy = typeof(AuthFeature))]
    [OpenApiSecurity(AuthSecuritySchemes.Bearer, AuthSecuritySchemes.Cookie)]
    [OpenApiResponse(401, "Missing, invalid or expired session.")]
    public static ValueTask<Authenticated<TContext>> Auth<TContext>(TContext context) where TContext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return ByCookieAsync(context);
        }

        // Not async itself: the Bearer lookup's own frame builds the result, one async frame fewer per request.
        return header.StartsWith(BearerPrefix, StringComparison.Ordinal)
            ? FindAsync(context, header.AsMemory(BearerPrefix.Length), Bearer, required: true)!
            : ValueTask.FromException<Authenticated<TContext>>(new AuthenticationFailedException("Expected Bearer token"));
    }

    /// <summary>Adds the user and session when the request carries a valid Bearer token, null otherwise; never fails.</summary>
    /// <remarks>Declares the same services as <see cref="Auth{TContext}"/>.</remarks>
    [Inject(typeof(SessionService), ProvidedBy = typeof(AuthFeature))]
    [Inject(typeof(AuthOptions), ProvidedBy = typeof(AuthFeature))]
    [Inject(typeof(BearerTokenReaders), ProvidedBy = typeof(AuthFeature))]
    [OpenApiSecurity(AuthSecuritySchemes.Bearer, AuthSecuritySchemes.Cookie, Optional = true)]
    public static async ValueTask<OptionallyAuthenticated<TContext>> OptionalAuth<TContext>(TContext context) where TContext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Headers.Authorization.ToString();
        Authenticated<TContext>? found = null;
        if (header.StartsWith(BearerPrefix, StringComparison.Ordinal))
        {
            found = await FindAsync(context, header.AsMemory(BearerPrefix.Length), Bearer, required: false).ConfigureAwait(false);
        }
        else if (header.Length == 0 && SessionCookies.TryGetToken(context, out var token, out var cookie) && CrossSiteCheck.Allows(context.HttpContext, cookie))
        {
            found = await FindAsync(context, token.AsMemory(), Cookie, required: false).ConfigureAwait(false);
        }

        return new OptionallyAuthenticated<TContext>(context, found?.User, found?.Session);
    }

    private static async ValueTask<Authenticated<TContext>> ByCookieAsync<TContext>(TContext context) where TContext : IRequestContext
    {
        if (!SessionCookies.TryGetToken(context, out var token, out var cookie))
        {
            // Say what fits the transport: a browser app in cookie mode sends no header, and "Missing Authorization header" misleads.
            throw cookie is null
                ? new AuthenticationFailedException("Missing Authorization header")
                : new AuthenticationFailedException("Not signed in: no session cookie (or Bearer token) was sent", "not_signed_in");
        }

        if (!CrossSiteCheck.Allows(context.HttpContext, cookie))
        {
            throw new CrossSiteRequestException();
        }

        if (await FindAsync(context, token.AsMemory(), Cookie, required: false).ConfigureAwait(false) is not { } found)
        {
            SessionCookies.Expire(context.HttpContext, cookie);
            throw new AuthenticationFailedException("Invalid or expired session");
        }

        return found;
    }

    // Traced as justscale.auth.session.validate, tagged with the transport (never the token) and, once valid, the user's id.
    // Returns the authenticated context, or null (required: throws AuthenticationFailedException) when the token finds no live session.
    private static async ValueTask<Authenticated<TContext>?> FindAsync<TContext>(TContext context, ReadOnlyMemory<char> token, string transport, bool required)
        where TContext : IRequestContext
    {
        JustScale.Core.Joined<Session, User>? found;
        using (var activity = AuthActivities.Source.StartActivity(AuthActivities.SessionValidate, ActivityKind.Internal))
        {
            activity?.SetTag(AuthActivities.TransportTag, transport);
            try
            {
                var sessions = context.Injected<SessionService>(); // resolved once when the routes compiled: no lookup per request
                found = transport == Bearer && !SessionTokens.IsWellFormed(token.Span) && context.Injected<BearerTokenReaders>() is { Any: true } readers
                    ? await readers.FindAsync(token.ToString(), sessions, context.RequestAborted).ConfigureAwait(false) // a signed access token names its session
                    : await sessions.FindLiveAsync(token.Span, context.RequestAborted).ConfigureAwait(false); // the token is read in place: no copy
                if (found is null || found.Referenced.DisabledAt is not null)
                {
                    AuthActivities.Refused(activity);
                    found = null;
                }
                else
                {
                    await sessions.TouchIfStaleAsync(found.Entity, context.RequestAborted).ConfigureAwait(false);
                    AuthActivities.Succeeded(activity, found.Referenced.Id);
                    context.HttpContext.Features.Set(new AuthenticatedRequestFeature(found.Referenced.Id, found.Entity.ImpersonatedBy)); // the actor of the events it causes

                    // What a signed-in user is answered is theirs (profile, sessions, codes): no shared or browser cache keeps it.
                    context.Res.Header("Cache-Control", "no-store");
                }
            }
            catch (Exception e) when (AuthActivities.Failed(activity, e))
            {
                throw; // unreachable: the filter only records the failure
            }
        }

        return found is not null ? new Authenticated<TContext>(context, found.Referenced, found.Entity)
            : required ? throw new AuthenticationFailedException("Invalid or expired session")
            : null;
    }
}
