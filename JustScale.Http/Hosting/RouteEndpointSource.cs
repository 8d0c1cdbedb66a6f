using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace JustScale.Http.Hosting;

/// <summary>Hands the server's routes, compiled once at startup, to ASP.NET Core endpoint routing.</summary>
internal sealed class RouteEndpointSource(IReadOnlyList<Endpoint> endpoints) : EndpointDataSource
{
    public override IReadOnlyList<Endpoint> Endpoints { get; } = endpoints;

    public override IChangeToken GetChangeToken() => NullChangeToken.Singleton;
}
