using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Offers the authenticated user and session: the context after <see cref="AuthMiddleware.Auth{TContext}"/>.</summary>
public interface IAuthenticated : IRequestContext
{
    /// <summary>Gets the authenticated user.</summary>
    User User { get; }

    /// <summary>Gets the session the request was authenticated with (its Token is the stored digest, not the bearer token).</summary>
    Session Session { get; }
}
