using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Offers the user and session on a typed route's context: after <c>.Use(Auth)</c>, <c>ctx.User</c> works beside <c>ctx.Params</c>, <c>ctx.Query</c> and <c>ctx.Body</c>, in any order of the steps.</summary>
/// <remarks>
/// A typed route (<see cref="TypedRoute{TBase, TParams, TQuery, TBody, TLoaded}"/>) keeps what its middleware produced as the
/// context's <c>Inner</c>; when that is <see cref="Authenticated{TContext}"/> (<c>.Use(Auth)</c>) or
/// <see cref="OptionallyAuthenticated{TContext}"/> (<c>.Use(OptionalAuth)</c>) these members forward to it. Without
/// <c>.Use(Auth)</c> there is no <c>ctx.User</c> (CS1061). Guards typed on <see cref="IAuthenticated"/> (<c>RequireSelf</c>,
/// roles, permissions) apply to the same context, before or after the typed steps.
/// </remarks>
public static class TypedContextExtensions
{
    /// <summary>Forwards the user and session of an authenticated typed context.</summary>
    /// <param name="context">The typed route's context.</param>
    extension<TInner, TParams, TQuery, TBody, TLoaded>(Typed<Authenticated<TInner>, TParams, TQuery, TBody, TLoaded> context)
        where TInner : IRequestContext
    {
        /// <summary>Gets the authenticated user.</summary>
        public User User => context.Inner.User;

        /// <summary>Gets the authenticated session.</summary>
        public Session Session => context.Inner.Session;
    }

    /// <summary>Forwards the user and session of an optionally authenticated typed context, null for an anonymous request.</summary>
    /// <param name="context">The typed route's context.</param>
    extension<TInner, TParams, TQuery, TBody, TLoaded>(Typed<OptionallyAuthenticated<TInner>, TParams, TQuery, TBody, TLoaded> context)
        where TInner : IRequestContext
    {
        /// <summary>Gets the authenticated user, or null.</summary>
        public User? User => context.Inner.User;

        /// <summary>Gets the session, or null.</summary>
        public Session? Session => context.Inner.Session;
    }
}
