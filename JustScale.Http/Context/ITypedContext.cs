namespace JustScale.Http;

/// <summary>Exposes, untyped, what the middleware of a typed route produced, for the steps that take any context (rate limits).</summary>
/// <remarks>A rate limit policy partitions by <c>context is IAuthenticated</c> (per user): it must see <c>Authenticated&lt;...&gt;</c>
/// whether or not typed steps came before, so the rate limit step hands it <see cref="Base"/>.</remarks>
internal interface ITypedContext
{
    /// <summary>Gets the context the route's middleware produced.</summary>
    IRequestContext Base { get; }
}
