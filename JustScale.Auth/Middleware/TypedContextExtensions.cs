using JustScale.Http;

namespace JustScale.Auth;

/// <summary>Reaches the user and session through the typed request steps: after <c>.Use(Auth).Body&lt;T&gt;()</c>, <c>ctx.User</c> still works.</summary>
/// <remarks>
/// <c>.Body&lt;T&gt;()</c>, <c>.Query&lt;T&gt;()</c> and <c>.Params&lt;T&gt;()</c> wrap the authenticated context; these members
/// forward to it (one step deep; deeper, use <c>ctx.Inner</c>). Guards that need <see cref="IAuthenticated"/> go before those steps.
/// </remarks>
public static class TypedContextExtensions
{
    /// <summary>Forwards the user and session of a body step's authenticated context.</summary>
    /// <param name="context">The body step's context.</param>
    extension<TContext, TBody>(WithBody<TContext, TBody> context) where TContext : IAuthenticated
    {
        /// <summary>Gets the authenticated user.</summary>
        public User User => context.Inner.User;

        /// <summary>Gets the authenticated session.</summary>
        public Session Session => context.Inner.Session;
    }

    /// <summary>Forwards the user and session of a query step's authenticated context.</summary>
    /// <param name="context">The query step's context.</param>
    extension<TContext, TQuery>(WithQuery<TContext, TQuery> context) where TContext : IAuthenticated
    {
        /// <summary>Gets the authenticated user.</summary>
        public User User => context.Inner.User;

        /// <summary>Gets the authenticated session.</summary>
        public Session Session => context.Inner.Session;
    }

    /// <summary>Forwards the user and session of a parameters step's authenticated context.</summary>
    /// <param name="context">The parameters step's context.</param>
    extension<TContext, TParams>(WithParams<TContext, TParams> context) where TContext : IAuthenticated
    {
        /// <summary>Gets the authenticated user.</summary>
        public User User => context.Inner.User;

        /// <summary>Gets the authenticated session.</summary>
        public Session Session => context.Inner.Session;
    }
}
