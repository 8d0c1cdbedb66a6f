namespace JustScale.Http.Routing;

/// <summary>Holds one step of a route, already adapted to run on untyped contexts: a middleware, a guard or a rate limit.</summary>
/// <remarks>The typed DSL guarantees at compile time that each step receives the context type it was written for.</remarks>
internal sealed partial class RouteStep
{
    private RouteStep(Func<IRequestContext, RouteDefinition, RequestContext, int, ValueTask>? middleware, Func<IRequestContext, ValueTask<bool>>? guard, string? rateLimit = null, InjectAttribute[]? services = null)
    {
        Middleware = middleware;
        Guard = guard;
        RateLimit = rateLimit;
        Services = services ?? [];
    }

    /// <summary>Gets the middleware, when the step is one: it runs on a context, then continues the route (<see cref="RouteDefinition.ContinueAsync"/>) at the given step with its result.</summary>
    /// <remarks>Continuing from inside the step lets a typed middleware's result be awaited typed, in the one async frame that
    /// resumes the route, instead of being converted to an untyped task in a frame of its own.</remarks>
    public Func<IRequestContext, RouteDefinition, RequestContext, int, ValueTask>? Middleware { get; }

    /// <summary>Gets the guard, when the step is one.</summary>
    public Func<IRequestContext, ValueTask<bool>>? Guard { get; }

    /// <summary>Gets the name of the rate limit policy, when the step is one.</summary>
    public string? RateLimit { get; }

    /// <summary>Gets the services the step's middleware or guard declared (<see cref="InjectAttribute"/>).</summary>
    public InjectAttribute[] Services { get; }

    /// <summary>Creates a middleware step from an untyped middleware.</summary>
    public static RouteStep ForMiddleware(Func<IRequestContext, ValueTask<IRequestContext>> middleware, InjectAttribute[]? services = null) =>
        new((context, route, root, next) => Continue(middleware(context), route, root, next), null, services: services);

    /// <summary>Creates a middleware step from a typed middleware; the typed DSL guarantees the context it receives.</summary>
    public static RouteStep ForMiddleware<TIn, TOut>(Middleware<TIn, TOut> middleware, InjectAttribute[]? services = null)
        where TIn : IRequestContext where TOut : IRequestContext =>
        new((context, route, root, next) => Continue(middleware((TIn)context), route, root, next), null, services: services);

    /// <summary>Creates a guard step.</summary>
    public static RouteStep ForGuard(Func<IRequestContext, ValueTask<bool>> guard, InjectAttribute[]? services = null) => new(null, guard, services: services);

    /// <summary>Creates a rate limit step, resolved against the server's policies.</summary>
    public static RouteStep ForRateLimit(string policy) => new(null, null, policy);

    /// <summary>Continues the route with a middleware's result: at once when it completed synchronously, else in one async frame.</summary>
    private static ValueTask Continue<T>(ValueTask<T> pending, RouteDefinition route, RequestContext root, int next) where T : IRequestContext
    {
        if (pending.IsCompletedSuccessfully)
        {
            return route.ContinueAsync(root, NotNull(pending.Result), next);
        }

        return ResumeAsync(pending, route, root, next);

        static async ValueTask ResumeAsync(ValueTask<T> pending, RouteDefinition route, RequestContext root, int next) =>
            await route.ContinueAsync(root, NotNull(await pending.ConfigureAwait(false)), next).ConfigureAwait(false);
    }

    internal static IRequestContext NotNull<T>(T context) where T : IRequestContext =>
        context is null
            ? throw new InvalidOperationException("A middleware returned null instead of a context; return the context it received or a richer one.")
            : context;
}
