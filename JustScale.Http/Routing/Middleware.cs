using JustScale.Http.Dependencies;

namespace JustScale.Http;

/// <summary>Creates middleware that declares the service it needs (the docs' <c>createMiddleware({ inject, handler })</c>).</summary>
/// <remarks>
/// The service is part of the route's dependencies: a cluster without it fails <see cref="JustScale.Core.ClusterBuilder.Build()"/>
/// naming the route, and a singleton is resolved once, when the routes compile, never looked up per request. For a generic
/// middleware method (<c>.Use(Auth)</c> keeps the context type it received), put <see cref="InjectAttribute"/> on the method instead.
/// </remarks>
public static class Middleware
{
    /// <summary>Returns a middleware that receives the context and the service it declares.</summary>
    /// <example><code>
    /// var stamp = Middleware.Create((RequestContext ctx, Clock clock) =&gt; ValueTask.FromResult(new Stamped&lt;RequestContext&gt;(ctx, clock.Now)));
    /// Get("/").Use(stamp).Handle(ctx =&gt; ctx.Res.Json(new { ctx.At }));
    /// </code></example>
    /// <typeparam name="TIn">The context the middleware needs.</typeparam>
    /// <typeparam name="TOut">The context the middleware produces.</typeparam>
    /// <typeparam name="TService">The service the middleware needs.</typeparam>
    /// <param name="middleware">The middleware, called with the route's context and the service.</param>
    /// <returns>A middleware to pass to <c>.Use</c>.</returns>
    public static Middleware<TIn, TOut> Create<TIn, TOut, TService>(Func<TIn, TService, ValueTask<TOut>> middleware)
        where TIn : IRequestContext
        where TOut : IRequestContext
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return new WithService<TIn, TOut, TService>(middleware).InvokeAsync;
    }

    private sealed class WithService<TIn, TOut, TService>(Func<TIn, TService, ValueTask<TOut>> middleware) : IDeclaresServices
        where TIn : IRequestContext
        where TOut : IRequestContext
        where TService : class
    {
        public IReadOnlyList<InjectAttribute> Services { get; } = [new InjectAttribute(typeof(TService))];

        public ValueTask<TOut> InvokeAsync(TIn context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return middleware(context, context.Injected<TService>());
        }
    }
}
