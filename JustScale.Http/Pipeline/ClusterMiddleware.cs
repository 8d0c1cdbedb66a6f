namespace JustScale.Http;

/// <summary>Wraps every route of the cluster (the docs' <c>app.use(async (ctx, next) => ...)</c>).</summary>
/// <remarks>
/// Registered with <see cref="HttpClusterBuilderExtensions.Use(JustScale.Core.ClusterBuilder, ClusterMiddleware)"/>, outermost first in the order added. <c>await next()</c>
/// runs the rest: inner cluster middleware, then the route's middleware, guards and handler; anything they throw
/// can be caught here and answered with <c>ctx.Res</c>. Requests that match no route, and bodies rejected before
/// routing (invalid JSON, too large), do not pass through it.
/// </remarks>
/// <param name="context">The request's root context.</param>
/// <param name="next">Runs the rest of the pipeline.</param>
public delegate ValueTask ClusterMiddleware(IRequestContext context, Func<ValueTask> next);
