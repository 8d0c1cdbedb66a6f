using JustScale.Http.Dependencies;
using JustScale.Http.Errors;
using JustScale.Http.Json;
using JustScale.Http.OpenApi;

namespace JustScale.Http.Routing;

/// <summary>Makes the steps that fill a <see cref="Typed{TBase, TParams, TQuery, TBody, TLoaded}"/> slot, for <see cref="Route{TContext}"/> and <see cref="TypedRoute{TBase, TParams, TQuery, TBody, TLoaded}"/> alike.</summary>
/// <remarks>Each step binds its part of the request, then hands the next steps a context made by <c>make</c> from the one it received.
/// The declarations (<see cref="BodyDeclaration"/>, <see cref="QueryDeclaration"/>, <see cref="ParamsDeclaration"/>) feed OpenAPI.</remarks>
internal static class TypedSteps
{
    /// <summary>Creates the step that binds and validates the body.</summary>
    public static RouteStep Body<TIn, TOut, TBody>(Func<TIn, TBody, TOut> make)
        where TIn : IRequestContext where TOut : IRequestContext =>
        RouteStep.ForMiddleware(context => new ValueTask<IRequestContext>(make((TIn)context, context.Body<TBody>())))
            .WithMetadata(new BodyDeclaration(typeof(TBody)));

    /// <summary>Creates the step that binds and validates the query string.</summary>
    public static RouteStep Query<TIn, TOut, TQuery>(Func<TIn, TQuery, TOut> make)
        where TIn : IRequestContext where TOut : IRequestContext =>
        RouteStep.ForMiddleware(context => new ValueTask<IRequestContext>(make((TIn)context, QueryBinder.Bind<TQuery>(context.HttpContext.Request.Query))))
            .WithMetadata(new QueryDeclaration(typeof(TQuery)));

    /// <summary>Creates the step that binds the route parameters.</summary>
    public static RouteStep Params<TIn, TOut, TParams>(Func<TIn, TParams, TOut> make)
        where TIn : IRequestContext where TOut : IRequestContext =>
        RouteStep.ForMiddleware(context => new ValueTask<IRequestContext>(make((TIn)context, QueryBinder.BindRoute<TParams>(context.HttpContext.Request.RouteValues))))
            .WithMetadata(new ParamsDeclaration(typeof(TParams)));

    /// <summary>Creates the step that loads what the handler works on; null is answered 404 <c>{"error":"Not Found"}</c> and ends the route.</summary>
    public static RouteStep Load<TIn, TOut, T>(Func<TIn, ValueTask<T?>> load, Func<TIn, T, TOut> make, InjectAttribute[]? services = null)
        where TIn : IRequestContext where TOut : IRequestContext where T : class =>
        RouteStep.ForMiddleware(context => LoadAsync((TIn)context, load, make), services)
            .WithMetadata(new ResponseDeclaration(404, null, "Not found."));

    /// <summary>Wraps a loader that takes a declared service: the service is resolved once when the routes compile (a singleton) or from the request's scope.</summary>
    public static Func<TIn, ValueTask<T?>> WithService<TIn, T, TService>(Func<TIn, TService, ValueTask<T?>> load)
        where TIn : IRequestContext where T : class where TService : class =>
        context => load(context, context.Injected<TService>());

    private static async ValueTask<IRequestContext> LoadAsync<TIn, TOut, T>(TIn context, Func<TIn, ValueTask<T?>> load, Func<TIn, T, TOut> make)
        where TIn : IRequestContext where TOut : IRequestContext where T : class
    {
        if (await load(context).ConfigureAwait(false) is not { } found)
        {
            ErrorRenderer.WriteNotFound(context.Res);
            return context; // the response has started: the route stops here
        }

        return make(context, found);
    }
}
