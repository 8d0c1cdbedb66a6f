namespace JustScale.Http.Routing;

/// <summary>Holds one step of a route, already adapted to run on untyped contexts: a middleware, a guard or a rate limit.</summary>
/// <remarks>The typed DSL guarantees at compile time that each step receives the context type it was written for.</remarks>
internal sealed partial class RouteStep
{
    private RouteStep(Func<IRequestContext, ValueTask<IRequestContext>>? middleware, Func<IRequestContext, ValueTask<bool>>? guard, string? rateLimit = null, InjectAttribute[]? services = null)
    {
        Middleware = middleware;
        Guard = guard;
        RateLimit = rateLimit;
        Services = services ?? [];
    }

    /// <summary>Gets the middleware, when the step is one.</summary>
    public Func<IRequestContext, ValueTask<IRequestContext>>? Middleware { get; }

    /// <summary>Gets the guard, when the step is one.</summary>
    public Func<IRequestContext, ValueTask<bool>>? Guard { get; }

    /// <summary>Gets the name of the rate limit policy, when the step is one.</summary>
    public string? RateLimit { get; }

    /// <summary>Gets the services the step's middleware or guard declared (<see cref="InjectAttribute"/>).</summary>
    public InjectAttribute[] Services { get; }

    /// <summary>Creates a middleware step.</summary>
    public static RouteStep ForMiddleware(Func<IRequestContext, ValueTask<IRequestContext>> middleware, InjectAttribute[]? services = null) => new(middleware, null, services: services);

    /// <summary>Creates a guard step.</summary>
    public static RouteStep ForGuard(Func<IRequestContext, ValueTask<bool>> guard, InjectAttribute[]? services = null) => new(null, guard, services: services);

    /// <summary>Creates a rate limit step, resolved against the server's policies.</summary>
    public static RouteStep ForRateLimit(string policy) => new(null, null, policy);

    /// <summary>Converts a typed middleware result to an untyped one without allocating when it completed synchronously.</summary>
    public static ValueTask<IRequestContext> Upcast<T>(ValueTask<T> pending) where T : IRequestContext
    {
        if (pending.IsCompletedSuccessfully)
        {
            return new ValueTask<IRequestContext>(NotNull(pending.Result));
        }

        return AwaitAsync(pending);

        static async ValueTask<IRequestContext> AwaitAsync(ValueTask<T> pending) => NotNull(await pending.ConfigureAwait(false));
    }

    private static IRequestContext NotNull<T>(T context) where T : IRequestContext =>
        context is null
            ? throw new InvalidOperationException("A middleware returned null instead of a context; return the context it received or a richer one.")
            : context;
}
