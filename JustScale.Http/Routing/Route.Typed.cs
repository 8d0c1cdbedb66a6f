using JustScale.Http.Dependencies;
using Microsoft.AspNetCore.Http;
using JustScale.Http.OpenApi;
using JustScale.Http.Routing;

namespace JustScale.Http;

/// <content>Declares what a route accepts and returns: typed, validated body, query and parameters; responses for OpenAPI.</content>
public sealed partial class Route<TContext>
{
    /// <summary>Binds and validates the JSON body as <typeparamref name="TBody"/>; the following steps get it as <c>ctx.Body</c>.</summary>
    /// <remarks>
    /// Required members, nullability and DataAnnotations rules ([Required], [StringLength], [Range], [EmailAddress]) are
    /// checked here: a body that does not fit is answered 400 <c>{"error", "code": "invalid_body", "fields"}</c> and later
    /// steps do not run. Put it after <c>.Use(Auth)</c> and the guards to answer 401/403 before 400. The type is the request
    /// body schema in the OpenAPI document. The route becomes a <see cref="TypedRoute{TBase, TParams, TQuery, TBody, TLoaded}"/>,
    /// whose later steps keep the body, whatever follows.
    /// </remarks>
    /// <typeparam name="TBody">The body's type, a class or record.</typeparam>
    /// <returns>The route whose context carries the validated body.</returns>
    public TypedRoute<TContext, RouteParams, IQueryCollection, TBody, Undeclared> Body<TBody>() =>
        ToTyped<RouteParams, IQueryCollection, TBody, Undeclared>(TypedSteps.Body<TContext, Typed<TContext, RouteParams, IQueryCollection, TBody, Undeclared>, TBody>(
            (context, body) => new(context, context.Params, context.Query, body, Undeclared.Value)));

    /// <summary>Binds and validates the query string as <typeparamref name="TQuery"/>; the following steps get it as <c>ctx.Query</c>.</summary>
    /// <remarks>The same rules as a body, keyed by the members' JSON names; a query that does not fit is answered 400 with code <c>invalid_query</c>.</remarks>
    /// <typeparam name="TQuery">The query's type, a class or record of simple members (strings, numbers, bools, ids, arrays of them).</typeparam>
    /// <returns>The route whose context carries the validated query.</returns>
    public TypedRoute<TContext, RouteParams, TQuery, Undeclared, Undeclared> Query<TQuery>() =>
        ToTyped<RouteParams, TQuery, Undeclared, Undeclared>(TypedSteps.Query<TContext, Typed<TContext, RouteParams, TQuery, Undeclared, Undeclared>, TQuery>(
            (context, query) => new(context, context.Params, query, Undeclared.Value, Undeclared.Value)));

    /// <summary>Binds the route parameters as <typeparamref name="TParams"/> (<c>record UserRef(Guid UserId)</c>); the following steps get it as <c>ctx.Params</c>.</summary>
    /// <remarks>A parameter that does not convert is answered 400 with code <c>invalid_params</c>; the member types become the path parameters' schemas.</remarks>
    /// <typeparam name="TParams">The parameters' type, members named as the path's parameters.</typeparam>
    /// <returns>The route whose context carries the converted parameters.</returns>
    public TypedRoute<TContext, TParams, IQueryCollection, Undeclared, Undeclared> Params<TParams>() =>
        ToTyped<TParams, IQueryCollection, Undeclared, Undeclared>(TypedSteps.Params<TContext, Typed<TContext, TParams, IQueryCollection, Undeclared, Undeclared>, TParams>(
            (context, parameters) => new(context, parameters, context.Query, Undeclared.Value, Undeclared.Value)));

    /// <summary>Loads what the handler works on (the note of <c>/notes/:id</c>); null is answered 404 <c>{"error":"Not Found"}</c>, otherwise later steps and the handler get it as <c>ctx.Loaded</c>.</summary>
    /// <remarks>
    /// A guard after it can decide on what was loaded (<c>.Guard(ctx =&gt; ValueTask.FromResult(ctx.Loaded.OwnerId == ctx.User.Id))</c>,
    /// 403 when it refuses), and the handler reads the same instance without loading it again.
    /// </remarks>
    /// <typeparam name="T">What is loaded.</typeparam>
    /// <param name="load">Finds it, or returns null.</param>
    /// <returns>The route whose context carries what was loaded.</returns>
    public TypedRoute<TContext, RouteParams, IQueryCollection, Undeclared, T> Load<T>(Func<TContext, ValueTask<T?>> load) where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        return ToTyped<RouteParams, IQueryCollection, Undeclared, T>(TypedSteps.Load<TContext, Typed<TContext, RouteParams, IQueryCollection, Undeclared, T>, T>(
            load, (context, found) => new(context, context.Params, context.Query, Undeclared.Value, found), DeclaredServices.Of(load)));
    }

    /// <summary>Loads what the handler works on with a service the step declares (a repository); null is answered 404, otherwise it is <c>ctx.Loaded</c>.</summary>
    /// <remarks>The service is part of the route's dependencies: a cluster without it fails Build naming the route, and a singleton is resolved once.</remarks>
    /// <typeparam name="T">What is loaded.</typeparam>
    /// <typeparam name="TService">The service the loader needs.</typeparam>
    /// <param name="load">Finds it with the service, or returns null.</param>
    /// <returns>The route whose context carries what was loaded.</returns>
    public TypedRoute<TContext, RouteParams, IQueryCollection, Undeclared, T> Load<T, TService>(Func<TContext, TService, ValueTask<T?>> load)
        where T : class
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(load);
        return ToTyped<RouteParams, IQueryCollection, Undeclared, T>(TypedSteps.Load<TContext, Typed<TContext, RouteParams, IQueryCollection, Undeclared, T>, T>(
            TypedSteps.WithService(load), (context, found) => new(context, context.Params, context.Query, Undeclared.Value, found), [new InjectAttribute(typeof(TService))]));
    }

    /// <summary>Declares a JSON response of <typeparamref name="TResponse"/> with a status, for the OpenAPI document; nothing runs per request.</summary>
    /// <typeparam name="TResponse">The type the handler writes with <c>ctx.Res.Json</c> (or <c>Created</c>).</typeparam>
    /// <param name="statusCode">The status, 200 by default.</param>
    /// <param name="description">What the response means; the status's reason phrase when null.</param>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> Returns<TResponse>(int statusCode = 200, string? description = null) =>
        Then<TContext>(RouteStep.ForMetadata(new ResponseDeclaration(RouteStatus.Check(statusCode), typeof(TResponse), description)));

    /// <summary>Declares a response without a body of its own (<c>.Returns(204)</c>), for the OpenAPI document; nothing runs per request.</summary>
    /// <remarks>An error status (400 and up) is described with the error body <c>{"error", "code"}</c>.</remarks>
    /// <param name="statusCode">The status.</param>
    /// <param name="description">What the response means; the status's reason phrase when null.</param>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> Returns(int statusCode, string? description = null) =>
        Then<TContext>(RouteStep.ForMetadata(new ResponseDeclaration(RouteStatus.Check(statusCode), null, description)));

    /// <summary>Leaves the route out of the OpenAPI document.</summary>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> ExcludeFromDescription() => Then<TContext>(RouteStep.ForMetadata(new HiddenDeclaration()));

    private Route<TNext> Then<TNext>(RouteStep step) where TNext : IRequestContext => new(Method, Path, [.. _steps, step], _maxBodyBytes);

    private TypedRoute<TContext, TParams, TQuery, TBody, TLoaded> ToTyped<TParams, TQuery, TBody, TLoaded>(RouteStep step) =>
        new(Method, Path, [.. _steps, step], _maxBodyBytes);
}
