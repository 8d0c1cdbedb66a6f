using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Wraps a request context with the authenticated user and session; made by <see cref="AuthMiddleware.Auth{TContext}"/>.</summary>
/// <typeparam name="TContext">The context the middleware received.</typeparam>
public sealed class Authenticated<TContext> : RequestContextWrapper<TContext>, IAuthenticated where TContext : IRequestContext
{
    internal Authenticated(TContext inner, User user, Session session)
        : base(inner)
    {
        User = user;
        Session = session;
    }

    /// <inheritdoc />
    public User User { get; }

    /// <inheritdoc />
    public Session Session { get; }
}
