using Microsoft.AspNetCore.Http;

namespace JustScale.Http;

/// <summary>Describes what every request context offers: the request, the cluster's services and the response.</summary>
/// <remarks>
/// Middleware turns one context into a richer one (<c>.Use(Auth)</c> gives an <c>Authenticated&lt;RequestContext&gt;</c>);
/// derive such contexts from <see cref="RequestContextWrapper{TInner}"/>, which forwards every member listed here.
/// </remarks>
public interface IRequestContext
{
    /// <summary>Gets the underlying ASP.NET Core context, the escape hatch for anything the DSL does not cover.</summary>
    HttpContext HttpContext { get; }

    /// <summary>Gets the route parameters (<c>ctx.Params["userId"]</c> for a route <c>/users/:userId</c>).</summary>
    RouteParams Params { get; }

    /// <summary>Gets the query string values.</summary>
    IQueryCollection Query { get; }

    /// <summary>Gets the request headers.</summary>
    IHeaderDictionary Headers { get; }

    /// <summary>Gets the client's IP address: the socket peer, or the X-Forwarded-For client when the peer is a trusted proxy.</summary>
    /// <remarks>It is <c>HttpContext.Connection.RemoteIpAddress</c> (an IPv4-mapped IPv6 address as IPv4): forwarding headers are
    /// applied there by ASP.NET Core's middleware only when the peer is listed in <see cref="JustScaleHttpOptions.TrustedProxies"/>
    /// (or the app's own <c>UseForwardedHeaders</c>), and ignored otherwise.</remarks>
    string? ClientIp { get; }

    /// <summary>Gets the request's services: a scope of the container, created on first use and disposed when the request ends.</summary>
    /// <remarks>
    /// It is <c>HttpContext.RequestServices</c>: a scoped service (an EF Core <c>DbContext</c>) resolved twice in one request
    /// is one instance, and another in the next request; the cluster's singletons resolve as themselves. In the hosted style
    /// the container is the host's, with the cluster's services in it; with <see cref="HttpHost.Listen"/>, the cluster's.
    /// </remarks>
    IServiceProvider Services { get; }

    /// <summary>Gets a token that is cancelled when the client goes away or the server stops.</summary>
    CancellationToken RequestAborted { get; }

    /// <summary>Gets the response: <c>ctx.Res.Json(obj)</c>, <c>ctx.Res.Status(409).Json(obj)</c>, <c>ctx.Res.Status(204).End()</c>.</summary>
    Response Res { get; }

    /// <summary>Gets a service that a step of this route declared (<see cref="InjectAttribute"/>, <see cref="Middleware.Create{TIn, TOut, TService}"/>).</summary>
    /// <remarks>
    /// A declared singleton was resolved once, when the routes compiled: reading it is a scan of the route's few declared
    /// services, with no container lookup and no request scope. Anything else (a scoped service, a type no step declared)
    /// comes from <see cref="Services"/>, the request's scope.
    /// </remarks>
    /// <typeparam name="T">The service type, exactly as declared.</typeparam>
    /// <returns>The service.</returns>
    /// <exception cref="InvalidOperationException">The service is neither declared nor registered.</exception>
    T Injected<T>() where T : class;

    /// <summary>Binds the JSON request body to <typeparamref name="T"/> (camelCase, required members enforced).</summary>
    /// <remarks>
    /// The body was read, size-checked and syntax-checked before any middleware ran. A request without a body binds
    /// like <c>{}</c>. A body that does not fit <typeparamref name="T"/> throws <see cref="BodyValidationException"/>,
    /// which is answered with 400 <c>{"error", "code": "invalid_body", "fields": {"field": ["message"]}}</c>.
    /// </remarks>
    T Body<T>();
}
