namespace JustScale.Http;

/// <summary>Turns a route's context into the next one (<c>.Use(Auth)</c> turns a context into an authenticated one).</summary>
/// <remarks>
/// The returned context is what later steps and the handler receive, so its members are checked at compile time.
/// Writing a response stops the route; throwing is answered by the error renderer (a <c>JustScaleException</c>
/// with a status becomes that status).
/// </remarks>
/// <typeparam name="TIn">The context the middleware needs.</typeparam>
/// <typeparam name="TOut">The context the middleware produces.</typeparam>
public delegate ValueTask<TOut> Middleware<in TIn, TOut>(TIn context)
    where TIn : IRequestContext
    where TOut : IRequestContext;
