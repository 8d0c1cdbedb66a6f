using JustScale.Core;
using JustScale.Http.Pipeline;

namespace JustScale.Http;

/// <summary>Adds HTTP concerns to a <see cref="ClusterBuilder"/> and to a feature's <see cref="ComponentContext"/>.</summary>
public static class HttpClusterBuilderExtensions
{
    /// <summary>Adds a cluster-level middleware that wraps every route (the docs' <c>app.use(async (ctx, next) => ...)</c>).</summary>
    /// <remarks>Middleware added first is outermost. It can catch what route middleware, guards and handlers throw, and write the response.</remarks>
    /// <example><code>
    /// builder.Use(async (ctx, next) =>
    /// {
    ///     try { await next(); }
    ///     catch (UserExistsException) { ctx.Res.Status(409).Json(new { error = "Email already registered" }); }
    /// });
    /// </code></example>
    /// <param name="builder">The cluster builder.</param>
    /// <param name="middleware">The middleware to run around every route of the cluster.</param>
    /// <returns>The builder, to chain further calls.</returns>
    public static ClusterBuilder Use(this ClusterBuilder builder, ClusterMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(middleware);
        return builder.Add(new ClusterMiddlewareComponent(middleware));
    }

    /// <summary>Adds a cluster-level middleware from a feature's <see cref="Feature.Configure"/>, as <see cref="Use(ClusterBuilder, ClusterMiddleware)"/> does.</summary>
    /// <remarks>Middleware keeps the order in which components were added: a feature's runs inside what was added to the builder before the feature.</remarks>
    /// <param name="context">The feature's component context.</param>
    /// <param name="middleware">The middleware to run around every route of the cluster.</param>
    /// <returns>The context, to chain further calls.</returns>
    public static ComponentContext Use(this ComponentContext context, ClusterMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(middleware);
        return context.Contribute(_ => new ClusterMiddlewareComponent.Registration(middleware));
    }
}
