using Microsoft.AspNetCore.Http;

namespace JustScale.Http;

/// <summary>Serves as the base of contexts that middleware produces: it forwards every request member to the context it wraps.</summary>
/// <remarks>
/// Derive a context that adds members, and an interface for guards to ask for them:
/// <code>
/// public interface ITagged : IRequestContext { string Tag { get; } }
/// public sealed class Tagged&lt;T&gt;(T inner, string tag) : RequestContextWrapper&lt;T&gt;(inner), ITagged where T : IRequestContext
/// {
///     public string Tag =&gt; tag;
/// }
/// </code>
/// </remarks>
/// <typeparam name="TInner">The context the middleware received.</typeparam>
public abstract class RequestContextWrapper<TInner> : IRequestContext where TInner : IRequestContext
{
    /// <summary>Wraps the context the middleware received.</summary>
    protected RequestContextWrapper(TInner inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>Gets the wrapped context, with whatever earlier middleware added.</summary>
    public TInner Inner { get; }

    /// <inheritdoc/>
    public HttpContext HttpContext => Inner.HttpContext;

    /// <inheritdoc/>
    public RouteParams Params => Inner.Params;

    /// <inheritdoc/>
    public IQueryCollection Query => Inner.Query;

    /// <inheritdoc/>
    public IHeaderDictionary Headers => Inner.Headers;

    /// <inheritdoc/>
    public string? ClientIp => Inner.ClientIp;

    /// <inheritdoc/>
    public IServiceProvider Services => Inner.Services;

    /// <inheritdoc/>
    public CancellationToken RequestAborted => Inner.RequestAborted;

    /// <inheritdoc/>
    public Response Res => Inner.Res;

    /// <inheritdoc/>
    public T Body<T>() => Inner.Body<T>();

    /// <inheritdoc/>
    public T Injected<T>() where T : class => Inner.Injected<T>();
}
