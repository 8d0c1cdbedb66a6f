using JustScale.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Auth;

/// <summary>Authenticates requests by their Bearer token (the docs' <c>auth</c> and <c>optionalAuth</c>).</summary>
/// <remarks>
/// Import with <c>using static JustScale.Auth.AuthMiddleware;</c> and write <c>.Use(Auth)</c>. The header must be exactly
/// <c>Authorization: Bearer &lt;token&gt;</c> (case-sensitive prefix). One database round trip finds the session with its user;
/// <see cref="Session.LastActiveAt"/> is written at most once per <see cref="AuthOptions.TouchInterval"/>.
/// </remarks>
public static class AuthMiddleware
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Requires a valid session: adds user and session to the context, or throws <see cref="AuthenticationException"/> (401).</summary>
    public static async ValueTask<Authenticated<TContext>> Auth<TContext>(TContext context) where TContext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            throw new AuthenticationException("Missing Authorization header");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.Ordinal))
        {
            throw new AuthenticationException("Expected Bearer token");
        }

        var found = await FindAsync(context, header[BearerPrefix.Length..])
            ?? throw new AuthenticationException("Invalid or expired session");
        return new Authenticated<TContext>(context, found.Referenced, found.Entity);
    }

    /// <summary>Adds the user and session when the request carries a valid Bearer token, null otherwise; never fails.</summary>
    public static async ValueTask<OptionallyAuthenticated<TContext>> OptionalAuth<TContext>(TContext context) where TContext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Headers.Authorization.ToString();
        var found = header.StartsWith(BearerPrefix, StringComparison.Ordinal)
            ? await FindAsync(context, header[BearerPrefix.Length..])
            : null;
        return new OptionallyAuthenticated<TContext>(context, found?.Referenced, found?.Entity);
    }

    private static async ValueTask<JustScale.Core.Joined<Session, User>?> FindAsync(IRequestContext context, string token)
    {
        var sessions = context.Services.GetRequiredService<SessionService>();
        var found = await sessions.FindWithUserAsync(token, context.RequestAborted);
        if (found is null || found.Referenced.DisabledAt is not null)
        {
            return null;
        }

        await sessions.TouchIfStaleAsync(found.Entity, context.RequestAborted);
        return found;
    }
}
