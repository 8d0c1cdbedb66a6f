using JustScale.Http.Json;
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
    /// body schema in the OpenAPI document.
    /// </remarks>
    /// <typeparam name="TBody">The body's type, a class or record.</typeparam>
    /// <returns>The route whose context carries the validated body.</returns>
    public Route<WithBody<TContext, TBody>> Body<TBody>() =>
        Then<WithBody<TContext, TBody>>(RouteStep.ForMiddleware(
            context => new ValueTask<IRequestContext>(new WithBody<TContext, TBody>((TContext)context, context.Body<TBody>())))
            .WithMetadata(new BodyDeclaration(typeof(TBody))));

    /// <summary>Binds and validates the query string as <typeparamref name="TQuery"/>; the following steps get it as <c>ctx.Query</c>.</summary>
    /// <remarks>The same rules as a body, keyed by the members' JSON names; a query that does not fit is answered 400 with code <c>invalid_query</c>.</remarks>
    /// <typeparam name="TQuery">The query's type, a class or record of simple members (strings, numbers, bools, ids, arrays of them).</typeparam>
    /// <returns>The route whose context carries the validated query.</returns>
    public Route<WithQuery<TContext, TQuery>> Query<TQuery>() =>
        Then<WithQuery<TContext, TQuery>>(RouteStep.ForMiddleware(
            context => new ValueTask<IRequestContext>(new WithQuery<TContext, TQuery>((TContext)context, QueryBinder.Bind<TQuery>(context.Query))))
            .WithMetadata(new QueryDeclaration(typeof(TQuery))));

    /// <summary>Binds the route parameters as <typeparamref name="TParams"/> (<c>record UserRef(Guid UserId)</c>); the following steps get it as <c>ctx.Params</c>.</summary>
    /// <remarks>A parameter that does not convert is answered 400 with code <c>invalid_params</c>; the member types become the path parameters' schemas.</remarks>
    /// <typeparam name="TParams">The parameters' type, members named as the path's parameters.</typeparam>
    /// <returns>The route whose context carries the converted parameters.</returns>
    public Route<WithParams<TContext, TParams>> Params<TParams>() =>
        Then<WithParams<TContext, TParams>>(RouteStep.ForMiddleware(
            context => new ValueTask<IRequestContext>(new WithParams<TContext, TParams>((TContext)context, QueryBinder.BindRoute<TParams>(context.HttpContext.Request.RouteValues))))
            .WithMetadata(new ParamsDeclaration(typeof(TParams))));

    /// <summary>Declares a JSON response of <typeparamref name="TResponse"/> with a status, for the OpenAPI document; nothing runs per request.</summary>
    /// <typeparam name="TResponse">The type the handler writes with <c>ctx.Res.Json</c> (or <c>Created</c>).</typeparam>
    /// <param name="statusCode">The status, 200 by default.</param>
    /// <param name="description">What the response means; the status's reason phrase when null.</param>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> Returns<TResponse>(int statusCode = 200, string? description = null) =>
        Then<TContext>(RouteStep.ForMetadata(new ResponseDeclaration(CheckStatus(statusCode), typeof(TResponse), description)));

    /// <summary>Declares a response without a body of its own (<c>.Returns(204)</c>), for the OpenAPI document; nothing runs per request.</summary>
    /// <remarks>An error status (400 and up) is described with the error body <c>{"error", "code"}</c>.</remarks>
    /// <param name="statusCode">The status.</param>
    /// <param name="description">What the response means; the status's reason phrase when null.</param>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> Returns(int statusCode, string? description = null) =>
        Then<TContext>(RouteStep.ForMetadata(new ResponseDeclaration(CheckStatus(statusCode), null, description)));

    /// <summary>Leaves the route out of the OpenAPI document.</summary>
    /// <returns>The route, to add further steps.</returns>
    public Route<TContext> ExcludeFromDescription() => Then<TContext>(RouteStep.ForMetadata(new HiddenDeclaration()));

    private static int CheckStatus(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return statusCode;
    }

    private Route<TNext> Then<TNext>(RouteStep step) where TNext : IRequestContext => new(Method, Path, [.. _steps, step], _maxBodyBytes);
}
