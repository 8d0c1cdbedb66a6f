namespace JustScale.Http;

/// <summary>Carries what a route's typed steps declared (parameters, query, body, a loaded entity) beside what its middleware produced.</summary>
/// <remarks>
/// One flat context for any number of steps in any order: <c>.Params&lt;T&gt;()</c>, <c>.Query&lt;T&gt;()</c>, <c>.Body&lt;T&gt;()</c> and
/// <c>.Load(...)</c> each fill their slot and keep the others, and <c>.Use(middleware)</c> replaces <see cref="RequestContextWrapper{TInner}.Inner"/>
/// (what the middleware produced, an <c>Authenticated&lt;RequestContext&gt;</c> after <c>.Use(Auth)</c>) and keeps every slot. A slot
/// the route did not declare keeps the raw value (<see cref="RouteParams"/>, the query collection) or is <see cref="Undeclared"/>.
/// JustScale.Auth adds <c>ctx.User</c> and <c>ctx.Session</c> when the middleware authenticated the request.
/// </remarks>
/// <typeparam name="TBase">The context the route's middleware produced.</typeparam>
/// <typeparam name="TParams">The route parameters' type, or <see cref="RouteParams"/> when not declared.</typeparam>
/// <typeparam name="TQuery">The query's type, or <see cref="Microsoft.AspNetCore.Http.IQueryCollection"/> when not declared.</typeparam>
/// <typeparam name="TBody">The body's type, or <see cref="Undeclared"/>.</typeparam>
/// <typeparam name="TLoaded">The type of what <c>.Load(...)</c> found, or <see cref="Undeclared"/>.</typeparam>
public sealed class Typed<TBase, TParams, TQuery, TBody, TLoaded> : RequestContextWrapper<TBase>, ITypedContext
    where TBase : IRequestContext
{
    internal Typed(TBase inner, TParams parameters, TQuery query, TBody body, TLoaded loaded)
        : base(inner)
    {
        Params = parameters;
        Query = query;
        Body = body;
        Loaded = loaded;
    }

    /// <summary>Gets the bound, validated route parameters (<c>.Params&lt;T&gt;()</c>); the raw <see cref="RouteParams"/> when not declared.</summary>
    /// <remarks>Guards written for <see cref="IRequestContext"/> (such as <c>RequireSelf</c>) still read the strings.</remarks>
    public new TParams Params { get; }

    /// <summary>Gets the bound, validated query values (<c>.Query&lt;T&gt;()</c>); the raw query collection when not declared.</summary>
    public new TQuery Query { get; }

    /// <summary>Gets the bound, validated body (<c>.Body&lt;T&gt;()</c>); <c>ctx.Body&lt;T&gt;()</c> keeps working beside it and answers the same instance.</summary>
    public TBody Body { get; }

    /// <summary>Gets what the route's <c>.Load(...)</c> step found, so the handler does not load it again.</summary>
    public TLoaded Loaded { get; }

    /// <inheritdoc/>
    IRequestContext ITypedContext.Base => Inner;

    /// <summary>Returns the same slots over another middleware's context.</summary>
    internal Typed<TNext, TParams, TQuery, TBody, TLoaded> With<TNext>(TNext inner) where TNext : IRequestContext =>
        new(inner, Params, Query, Body, Loaded);
}
