using JustScale.Http.Dependencies;

namespace JustScale.Http;

/// <summary>Creates guards that declare the service they need (the original's <c>createGuard({ inject, check })</c>).</summary>
/// <remarks>
/// The service is part of the route's dependencies: a cluster without it fails <see cref="JustScale.Core.ClusterBuilder.Build()"/>
/// naming the route, and a singleton is resolved once, when the routes compile, never looked up per request. A guard method
/// can declare its services with <see cref="InjectAttribute"/> instead.
/// </remarks>
public static class Guard
{
    /// <summary>Returns a guard that receives the context and the service it declares; false is answered with 403.</summary>
    /// <example><code>
    /// var admins = Guard.Create((IAuthenticated ctx, AdminList list) =&gt; ValueTask.FromResult(list.Contains(ctx.User.Id)));
    /// Get("/admin").Use(Auth).Guard(admins).Handle(...);
    /// </code></example>
    /// <typeparam name="TContext">The context the guard needs.</typeparam>
    /// <typeparam name="TService">The service the guard needs.</typeparam>
    /// <param name="guard">The guard, called with the route's context and the service.</param>
    /// <returns>A guard to pass to <c>.Guard</c>.</returns>
    public static Guard<TContext> Create<TContext, TService>(Func<TContext, TService, ValueTask<bool>> guard)
        where TContext : IRequestContext
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(guard);
        return new WithService<TContext, TService>(guard).InvokeAsync;
    }

    /// <summary>Records what a guard requires (<c>role admin</c>), for the OpenAPI document; returns the same guard.</summary>
    /// <remarks>The document lists it in the operation's <c>x-justscale-requires</c> and in its 403 response's description.</remarks>
    /// <typeparam name="TContext">The context the guard needs.</typeparam>
    /// <param name="guard">The guard.</param>
    /// <param name="requirement">The requirement, for people.</param>
    /// <returns>The guard itself.</returns>
    public static Guard<TContext> Describe<TContext>(Guard<TContext> guard, string requirement) where TContext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentException.ThrowIfNullOrWhiteSpace(requirement);
        OpenApi.GuardRequirements.Add(guard, requirement);
        return guard;
    }

    private sealed class WithService<TContext, TService>(Func<TContext, TService, ValueTask<bool>> guard) : IDeclaresServices
        where TContext : IRequestContext
        where TService : class
    {
        public IReadOnlyList<InjectAttribute> Services { get; } = [new InjectAttribute(typeof(TService))];

        public ValueTask<bool> InvokeAsync(TContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return guard(context, context.Injected<TService>());
        }
    }
}
