using System.Runtime.CompilerServices;
using JustScale.Http.Dependencies;
using JustScale.Http.Routing;

namespace JustScale.Http;

/// <summary>Builds a route step by step; each step's output context is the next step's input, checked at compile time.</summary>
/// <remarks>
/// Immutable: every call returns a new route, so a shared prefix such as <c>Get("/x").Use(Auth)</c> can be reused.
/// Steps run in declaration order; a guard returning false, a thrown exception or a written response stops the route.
/// </remarks>
/// <typeparam name="TContext">The context the next step receives.</typeparam>
public sealed partial class Route<TContext> where TContext : IRequestContext
{
    private readonly RouteStep[] _steps;
    private readonly int? _maxBodyBytes;

    internal Route(string method, string path, RouteStep[] steps, int? maxBodyBytes = null)
    {
        Method = method;
        Path = path;
        _steps = steps;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the path as declared (<c>/users/:userId</c>), before the controller's prefix.</summary>
    public string Path { get; }

    /// <summary>Adds a middleware; its output context becomes the context of the following steps.</summary>
    /// <typeparam name="TNext">The context the middleware hands on.</typeparam>
    /// <param name="middleware">The middleware (for example <c>Auth</c>).</param>
    /// <returns>The route with the new context, to add further steps.</returns>
    public Route<TNext> Use<TNext>(Middleware<TContext, TNext> middleware) where TNext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return new Route<TNext>(Method, Path, [.. _steps, RouteStep.ForMiddleware(middleware, DeclaredServices.Of(middleware)).DescribedBy(middleware)], _maxBodyBytes);
    }

    /// <summary>Adds a guard; when it returns false the request is answered with 403 <c>{"error":"Forbidden"}</c>.</summary>
    /// <remarks>Guards compose: every guard must pass, in declaration order, and the first that fails stops the route.</remarks>
    /// <param name="guard">The check on the request context.</param>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> Guard(Guard<TContext> guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return new Route<TContext>(Method, Path, [.. _steps, RouteStep.ForGuard(context => guard((TContext)context), DeclaredServices.Of(guard)).DescribedBy(guard)], _maxBodyBytes);
    }

    /// <summary>Adds a rate limit: the named <see cref="RateLimitPolicy"/> takes a permit here, or the request is answered 429 with Retry-After.</summary>
    /// <remarks>
    /// The policy is looked up when the server starts: an unknown name fails <see cref="HttpHost.Listen"/>. The step runs
    /// where it is declared, so it sees the context built so far (after <c>.Use(Auth)</c> a policy can partition by user)
    /// and the request body (the auth policies partition by the body's email).
    /// </remarks>
    /// <param name="policy">The name of a policy registered on the cluster.</param>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> RateLimit(string policy)
    {
        RateLimiting.RateLimitRule.ValidateName(policy, nameof(policy));
        return new Route<TContext>(Method, Path, [.. _steps, RouteStep.ForRateLimit(policy)], _maxBodyBytes);
    }

    /// <summary>Sets the largest request body this route accepts, in bytes; one byte more is answered 413 <c>{"error":"Payload Too Large"}</c>.</summary>
    /// <remarks>
    /// Replaces the server's limit (<see cref="ListenOptions.MaxBodyBytes"/>, 64 KiB by default) for this route, lower or
    /// higher, wherever the call stands in the chain. <c>.MaxBodySize(0)</c> declares that the route takes no body: one is
    /// refused with 413 before a byte of it is read, and the connection closed. The body is read where the route first needs
    /// it: after the <c>.Use</c> steps (authentication) that precede <see cref="Body{TBody}"/> (or the handler), so an
    /// unauthenticated client is answered 401 before a byte of its body is buffered. Give small public routes a small limit (login and
    /// register need a few KiB): a client declaring a larger body is then refused at once and the connection closed.
    /// </remarks>
    /// <param name="bytes">The limit in bytes; 0 refuses every body.</param>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> MaxBodySize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new Route<TContext>(Method, Path, _steps, bytes);
    }

    /// <summary>Finishes the route with a synchronous handler.</summary>
    /// <param name="handler">Writes the response.</param>
    /// <returns>The finished route, to add to a controller.</returns>
    public RouteDefinition Handle(Action<TContext> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new RouteDefinition(Method, Path, _steps, _maxBodyBytes, context =>
        {
            handler((TContext)context);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Finishes the route with an asynchronous handler.</summary>
    /// <remarks>Preferred for <c>async</c> lambdas, which would otherwise fit this overload and the <see cref="Task"/> one alike.</remarks>
    /// <param name="handler">Writes the response, awaited before the request ends.</param>
    /// <returns>The finished route, to add to a controller.</returns>
    [OverloadResolutionPriority(1)]
    public RouteDefinition Handle(Func<TContext, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new RouteDefinition(Method, Path, _steps, _maxBodyBytes, context => handler((TContext)context));
    }

    /// <summary>Finishes the route with a handler that returns a <see cref="Task"/>, such as <c>ctx => service.SaveAsync(ctx)</c>; the task is awaited.</summary>
    /// <remarks>
    /// Without this overload such a lambda would compile as the synchronous <see cref="Handle(Action{TContext})"/>: the
    /// client would get 204 at once, the later write would be lost and an exception inside would go unseen. Its response
    /// and its exceptions behave exactly as a <see cref="ValueTask"/> handler's.
    /// </remarks>
    /// <param name="handler">Writes the response, awaited before the request ends.</param>
    /// <returns>The finished route, to add to a controller.</returns>
    public RouteDefinition Handle(Func<TContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new RouteDefinition(Method, Path, _steps, _maxBodyBytes, context => new ValueTask(handler((TContext)context)));
    }
}
