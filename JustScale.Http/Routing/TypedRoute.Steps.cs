using JustScale.Http.Dependencies;
using JustScale.Http.OpenApi;
using JustScale.Http.Routing;

namespace JustScale.Http;

/// <content>Fills or replaces one typed slot and keeps the others; declares responses for OpenAPI.</content>
public sealed partial class TypedRoute<TBase, TParams, TQuery, TBody, TLoaded>
{
    /// <summary>Binds and validates the JSON body as <typeparamref name="TNext"/>; the following steps get it as <c>ctx.Body</c>, beside what they had.</summary>
    /// <remarks>As <see cref="Route{TContext}.Body{TBody}"/>: a body that does not fit is answered 400 with code <c>invalid_body</c>.</remarks>
    /// <typeparam name="TNext">The body's type, a class or record.</typeparam>
    /// <returns>The route whose context also carries the validated body.</returns>
    public TypedRoute<TBase, TParams, TQuery, TNext, TLoaded> Body<TNext>() =>
        Next<TParams, TQuery, TNext, TLoaded>(TypedSteps.Body<Typed<TBase, TParams, TQuery, TBody, TLoaded>, Typed<TBase, TParams, TQuery, TNext, TLoaded>, TNext>(
            (context, body) => new(context.Inner, context.Params, context.Query, body, context.Loaded)));

    /// <summary>Binds and validates the query string as <typeparamref name="TNext"/>; the following steps get it as <c>ctx.Query</c>, beside what they had.</summary>
    /// <remarks>As <see cref="Route{TContext}.Query{TQuery}"/>: a query that does not fit is answered 400 with code <c>invalid_query</c>.</remarks>
    /// <typeparam name="TNext">The query's type.</typeparam>
    /// <returns>The route whose context also carries the validated query.</returns>
    public TypedRoute<TBase, TParams, TNext, TBody, TLoaded> Query<TNext>() =>
        Next<TParams, TNext, TBody, TLoaded>(TypedSteps.Query<Typed<TBase, TParams, TQuery, TBody, TLoaded>, Typed<TBase, TParams, TNext, TBody, TLoaded>, TNext>(
            (context, query) => new(context.Inner, context.Params, query, context.Body, context.Loaded)));

    /// <summary>Binds the route parameters as <typeparamref name="TNext"/>; the following steps get them as <c>ctx.Params</c>, beside what they had.</summary>
    /// <remarks>As <see cref="Route{TContext}.Params{TParams}"/>: a parameter that does not convert is answered 400 with code <c>invalid_params</c>.</remarks>
    /// <typeparam name="TNext">The parameters' type, members named as the path's parameters.</typeparam>
    /// <returns>The route whose context also carries the converted parameters.</returns>
    public TypedRoute<TBase, TNext, TQuery, TBody, TLoaded> Params<TNext>() =>
        Next<TNext, TQuery, TBody, TLoaded>(TypedSteps.Params<Typed<TBase, TParams, TQuery, TBody, TLoaded>, Typed<TBase, TNext, TQuery, TBody, TLoaded>, TNext>(
            (context, parameters) => new(context.Inner, parameters, context.Query, context.Body, context.Loaded)));

    /// <summary>Loads what the handler works on from the typed context (<c>ctx.Params.Id</c>); null is answered 404, otherwise later steps and the handler get it as <c>ctx.Loaded</c>.</summary>
    /// <remarks>
    /// A guard after it decides on what was loaded, 403 when it refuses:
    /// <c>.Load(ctx =&gt; notes.FindAsync(ctx.Params.Id)).Guard(ctx =&gt; ValueTask.FromResult(ctx.Loaded.OwnerId == ctx.User.Id))</c>;
    /// the handler reads the same instance without loading it again. A second <c>.Load</c> replaces the first.
    /// </remarks>
    /// <typeparam name="T">What is loaded.</typeparam>
    /// <param name="load">Finds it, or returns null.</param>
    /// <returns>The route whose context also carries what was loaded.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, T> Load<T>(Func<Typed<TBase, TParams, TQuery, TBody, TLoaded>, ValueTask<T?>> load) where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        return Next<TParams, TQuery, TBody, T>(TypedSteps.Load<Typed<TBase, TParams, TQuery, TBody, TLoaded>, Typed<TBase, TParams, TQuery, TBody, T>, T>(
            load, (context, found) => new(context.Inner, context.Params, context.Query, context.Body, found), DeclaredServices.Of(load)));
    }

    /// <summary>Loads what the handler works on with a service the step declares (a repository); null is answered 404, otherwise it is <c>ctx.Loaded</c>.</summary>
    /// <remarks>The service is part of the route's dependencies: a cluster without it fails Build naming the route, and a singleton is resolved once.</remarks>
    /// <typeparam name="T">What is loaded.</typeparam>
    /// <typeparam name="TService">The service the loader needs.</typeparam>
    /// <param name="load">Finds it with the service, or returns null.</param>
    /// <returns>The route whose context also carries what was loaded.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, T> Load<T, TService>(Func<Typed<TBase, TParams, TQuery, TBody, TLoaded>, TService, ValueTask<T?>> load)
        where T : class
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(load);
        return Next<TParams, TQuery, TBody, T>(TypedSteps.Load<Typed<TBase, TParams, TQuery, TBody, TLoaded>, Typed<TBase, TParams, TQuery, TBody, T>, T>(
            TypedSteps.WithService(load), (context, found) => new(context.Inner, context.Params, context.Query, context.Body, found), [new InjectAttribute(typeof(TService))]));
    }

    /// <summary>Declares a JSON response of <typeparamref name="TResponse"/> with a status, for the OpenAPI document; nothing runs per request.</summary>
    /// <typeparam name="TResponse">The type the handler writes with <c>ctx.Res.Json</c> (or <c>Created</c>).</typeparam>
    /// <param name="statusCode">The status, 200 by default.</param>
    /// <param name="description">What the response means; the status's reason phrase when null.</param>
    /// <returns>The route, to add further steps.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> Returns<TResponse>(int statusCode = 200, string? description = null) =>
        Then(RouteStep.ForMetadata(new ResponseDeclaration(RouteStatus.Check(statusCode), typeof(TResponse), description)));

    /// <summary>Declares a response without a body of its own (<c>.Returns(204)</c>), for the OpenAPI document; nothing runs per request.</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="description">What the response means; the status's reason phrase when null.</param>
    /// <returns>The route, to add further steps.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> Returns(int statusCode, string? description = null) =>
        Then(RouteStep.ForMetadata(new ResponseDeclaration(RouteStatus.Check(statusCode), null, description)));

    /// <summary>Leaves the route out of the OpenAPI document.</summary>
    /// <returns>The route, to add further steps.</returns>
    public TypedRoute<TBase, TParams, TQuery, TBody, TLoaded> ExcludeFromDescription() => Then(RouteStep.ForMetadata(new HiddenDeclaration()));

    private TypedRoute<TBase, TP, TQ, TB, TL> Next<TP, TQ, TB, TL>(RouteStep step) => new(Method, Path, [.. _steps, step], _maxBodyBytes);
}
