using Microsoft.AspNetCore.Http;

namespace JustScale.Http.Hosting;

/// <summary>The request a JustScale route is serving, on the flow that serves it: what <see cref="IHttpContextAccessor"/> gives,
/// for JustScale routes, without costing every request of the app (docs/design/audit-and-webhooks.md).</summary>
/// <remarks>Set when a route starts and cleared when it completes; work that outlives the request (a task it started and did
/// not await) then sees none rather than a context Kestrel has handed to the next request.</remarks>
internal static class RouteRequests
{
    private static readonly AsyncLocal<Holder?> Ambient = new();

    /// <summary>Gets the request of the route running on this flow, or null outside a JustScale route.</summary>
    public static HttpContext? Current => Ambient.Value?.Context;

    /// <summary>Makes the request current on this flow until <see cref="Holder.Clear"/>.</summary>
    public static Holder Enter(HttpContext http)
    {
        var holder = new Holder(http);
        Ambient.Value = holder;
        return holder;
    }

    /// <summary>Holds the current request until the route completes.</summary>
    internal sealed class Holder(HttpContext context)
    {
        public HttpContext? Context { get; private set; } = context;

        /// <summary>Forgets the request: the flows that captured it see none from now on.</summary>
        public void Clear() => Context = null;
    }
}
