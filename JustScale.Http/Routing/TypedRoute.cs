using System.Runtime.CompilerServices;
using JustScale.Http.Dependencies;
using JustScale.Http.Routing;

namespace JustScale.Http;

/// <summary>Builds a route after its first typed step (<c>.Params&lt;T&gt;()</c>, <c>.Query&lt;T&gt;()</c>, <c>.Body&lt;T&gt;()</c>, <c>.Load(...)</c>): every later step keeps what the earlier ones gave.</summary>
/// <remarks>
/// The handler's context is one <see cref="Typed{TBase, TParams, TQuery, TBody, TLoaded}"/>: middleware (<c>.Use(Auth)</c>)
/// replaces its <typeparamref name="TBase"/> and keeps the slots; a typed step fills its slot and keeps the rest. So
/// <c>Patch("/:id").Use(Auth).Params&lt;IdParam&gt;().Body&lt;NoteBody&gt;()</c> hands the handler <c>ctx.User</c>,
/// <c>ctx.Params</c> and <c>ctx.Body</c>, in any order and depth, checked at compile time. Immutable, like <see cref="Route{TContext}"/>.
/// </remarks>
/// <typeparam name="TBase">The context the route's middleware produced.</typeparam>
/// <typeparam name="TParams">The route parameters' type, or <see cref="RouteParams"/>.</typeparam>
/// <typeparam name="TQuery">The query's type, or <see cref="Microsoft.AspNetCore.Http.IQueryCollection"/>.</typeparam>
/// <typeparam name="TBody">The body's type, or <see cref="Undeclared"/>.</typeparam>
/// <typeparam name="TLoaded">The type of what <see cref="Load{T}(Func{Typed{TBase, TParams, TQuery, TBody, TLoaded}, ValueTask{T}})"/> found, or <see cref="Undeclared"/>.</typeparam>
public sealed partial class TypedRoute<TBase, TParams, TQuery, TBody, TLoaded>
    where TBase : IRequestContext
{
    private readonly RouteStep[] _steps;
    private readonly int? _maxBodyBytes;

    internal TypedRoute(string method, string path, RouteStep[] steps, int? maxBodyBytes)
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

    /// <summary>Adds a middleware on what the earlier middleware produced; its output replaces it and the typed slots stay.</summary>
    /// <remarks><c>.Use(Auth)</c> after <c>.Params&lt;T&gt;()</c> authenticates and keeps <c>ctx.Params</c>; the middleware receives
    /// <typeparamref name="TBase"/>, as it would without the typed steps.</remarks>
    /// <typeparam name="TNext">The context the middleware hands on.</typeparam>
    /// <param name="middleware">The middleware (for example <c>Auth</c>).</param>
    /// <returns>The route with the new middleware context, to add further steps.</returns>
    public TypedRoute<TNext, TParams, TQuery, TBody, TLoaded> Use<TNext>(Middleware<TBase, TNext> middleware) where TNext : IRequestContext
    {
        ArgumentNullException.ThrowIfNull(middleware);
        Middleware<Typed<TBase, TParams, TQuery, TBody, TLoaded>, Typed<TNext, TParams, TQuery, TBody, TLoaded>> step = context => Rewrap(middleware(context.Inner), context);
        return new(Method, Path, [.. _steps, RouteStep.ForMiddleware(step, DeclaredServices.Of(middleware)).DescribedBy(middleware)], _maxBodyBytes);
    }

    /// <summary>Adds a guard on what the middleware produced (<c>RequireSelf</c>, a role or a permission after <c>.Use(Auth)</c>); false is answered 403.</summary>
    /// <param name="guard">The check on the middleware's context.</param>
    /// <returns>The route, to add further steps.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> Guard(Guard<TBase> guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return Then(RouteStep.ForGuard(context => guard(((Typed<TBase, TParams, TQuery, TBody, TLoaded>)context).Inner), DeclaredServices.Of(guard)).DescribedBy(guard));
    }

    /// <summary>Adds a guard on the whole typed context (<c>ctx.Params</c>, <c>ctx.Loaded</c>, <c>ctx.User</c>); false is answered 403.</summary>
    /// <remarks>Preferred for lambdas, which fit both overloads: <c>.Guard(ctx =&gt; ValueTask.FromResult(ctx.Loaded.OwnerId == ctx.User.Id))</c>.</remarks>
    /// <param name="guard">The check on the typed context.</param>
    /// <returns>The route, to add further steps.</returns>
    [OverloadResolutionPriority(1)]
    public TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> Guard(Guard<Typed<TBase, TParams, TQuery, TBody, TLoaded>> guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return Then(RouteStep.ForGuard(context => guard((Typed<TBase, TParams, TQuery, TBody, TLoaded>)context), DeclaredServices.Of(guard)).DescribedBy(guard));
    }

    /// <summary>Adds a rate limit: the named <see cref="RateLimitPolicy"/> takes a permit here, or the request is answered 429 with Retry-After.</summary>
    /// <remarks>As <see cref="Route{TContext}.RateLimit(string)"/>.</remarks>
    /// <param name="policy">The name of a policy registered on the cluster.</param>
    /// <returns>The route, to add further steps.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> RateLimit(string policy)
    {
        RateLimiting.RateLimitRule.ValidateName(policy, nameof(policy));
        return Then(RouteStep.ForRateLimit(policy));
    }

    /// <summary>Sets the largest request body this route accepts, in bytes; one byte more is answered 413.</summary>
    /// <remarks>As <see cref="Route{TContext}.MaxBodySize(int)"/>.</remarks>
    /// <param name="bytes">The limit in bytes; 0 refuses every body.</param>
    /// <returns>The route, to add further steps.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> MaxBodySize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new(Method, Path, _steps, bytes);
    }

    /// <summary>Finishes the route with a synchronous handler.</summary>
    /// <param name="handler">Writes the response.</param>
    /// <returns>The finished route, to add to a controller.</returns>
    public RouteDefinition Handle(Action<Typed<TBase, TParams, TQuery, TBody, TLoaded>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new RouteDefinition(Method, Path, _steps, _maxBodyBytes, context =>
        {
            handler((Typed<TBase, TParams, TQuery, TBody, TLoaded>)context);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Finishes the route with an asynchronous handler.</summary>
    /// <param name="handler">Writes the response, awaited before the request ends.</param>
    /// <returns>The finished route, to add to a controller.</returns>
    [OverloadResolutionPriority(1)]
    public RouteDefinition Handle(Func<Typed<TBase, TParams, TQuery, TBody, TLoaded>, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new RouteDefinition(Method, Path, _steps, _maxBodyBytes, context => handler((Typed<TBase, TParams, TQuery, TBody, TLoaded>)context));
    }

    /// <summary>Finishes the route with a handler that returns a <see cref="Task"/>; the task is awaited.</summary>
    /// <param name="handler">Writes the response, awaited before the request ends.</param>
    /// <returns>The finished route, to add to a controller.</returns>
    public RouteDefinition Handle(Func<Typed<TBase, TParams, TQuery, TBody, TLoaded>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new RouteDefinition(Method, Path, _steps, _maxBodyBytes, context => new ValueTask(handler((Typed<TBase, TParams, TQuery, TBody, TLoaded>)context)));
    }

    private static ValueTask<Typed<TNext, TParams, TQuery, TBody, TLoaded>> Rewrap<TNext>(ValueTask<TNext> pending, Typed<TBase, TParams, TQuery, TBody, TLoaded> context)
        where TNext : IRequestContext
    {
        return pending.IsCompletedSuccessfully ? new(With(pending.Result, context)) : Resume(pending, context);

        static async ValueTask<Typed<TNext, TParams, TQuery, TBody, TLoaded>> Resume(ValueTask<TNext> pending, Typed<TBase, TParams, TQuery, TBody, TLoaded> context) =>
            With(await pending.ConfigureAwait(false), context);

        static Typed<TNext, TParams, TQuery, TBody, TLoaded> With(TNext inner, Typed<TBase, TParams, TQuery, TBody, TLoaded> context) =>
            context.With((TNext)RouteStep.NotNull(inner));
    }

    private TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> Then(RouteStep step) => new(Method, Path, [.. _steps, step], _maxBodyBytes);
}
