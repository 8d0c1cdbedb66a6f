using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Wraps a request context with the user and session when a valid token came, null otherwise; made by <see cref="AuthMiddleware.OptionalAuth{TContext}"/>.</summary>
/// <typeparam name="TContext">The context the middleware received.</typeparam>
public sealed class OptionallyAuthenticated<TContext> : RequestContextWrapper<TContext>, IOptionallyAuthenticated where TContext : IRequestContext
{
    internal OptionallyAuthenticated(TContext inner, User? user, Session? session)
        : base(inner)
    {
        User = user;
        Session = session;
    }

    /// <inheritdoc />
    public User? User { get; }

    /// <inheritdoc />
    public Session? Session { get; }
}
