using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Offers the user and session when the request carried a valid token: the context after <see cref="AuthMiddleware.OptionalAuth{TContext}"/>.</summary>
public interface IOptionallyAuthenticated : IRequestContext
{
    /// <summary>Gets the authenticated user, or null for an anonymous request.</summary>
    User? User { get; }

    /// <summary>Gets the session, or null for an anonymous request.</summary>
    Session? Session { get; }
}
