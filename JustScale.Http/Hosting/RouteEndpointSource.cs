using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace JustScale.Http.Hosting;

/// <summary>Hands the cluster's routes, compiled once at startup, to ASP.NET Core endpoint routing; conventions apply to every route.</summary>
/// <remarks>
/// It is also what <c>app.MapJustScale()</c> returns, so the host's conventions (<c>.RequireCors("policy")</c>,
/// <c>.WithMetadata(...)</c>, <c>.RequireHost(...)</c>) reach every JustScale route. Conventions added after the first
/// request has been routed are refused, as ASP.NET Core's own data sources do.
/// </remarks>
internal sealed class RouteEndpointSource(IReadOnlyList<EndpointBuilder> builders) : EndpointDataSource, IEndpointConventionBuilder
{
    private readonly List<Action<EndpointBuilder>> _conventions = [];
    private readonly List<Action<EndpointBuilder>> _finally = [];
    private readonly Lock _lock = new();
    private IReadOnlyList<Endpoint>? _endpoints;

    /// <summary>Gets the number of routes.</summary>
    public int Count => builders.Count;

    public override IReadOnlyList<Endpoint> Endpoints
    {
        get
        {
            if (_endpoints is { } built)
            {
                return built;
            }

            lock (_lock)
            {
                return _endpoints ??= Build();
            }
        }
    }

    public override IChangeToken GetChangeToken() => NullChangeToken.Singleton;

    public void Add(Action<EndpointBuilder> convention)
    {
        ArgumentNullException.ThrowIfNull(convention);
        lock (_lock)
        {
            ThrowIfBuilt();
            _conventions.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        ArgumentNullException.ThrowIfNull(finallyConvention);
        lock (_lock)
        {
            ThrowIfBuilt();
            _finally.Add(finallyConvention);
        }
    }

    private List<Endpoint> Build()
    {
        var endpoints = new List<Endpoint>(builders.Count);
        foreach (var builder in builders)
        {
            foreach (var convention in _conventions)
            {
                convention(builder);
            }

            foreach (var convention in _finally)
            {
                convention(builder);
            }

            endpoints.Add(builder.Build());
        }

        return endpoints;
    }

    private void ThrowIfBuilt()
    {
        if (_endpoints is not null)
        {
            throw new InvalidOperationException("The JustScale routes are already in use; add conventions to MapJustScale() before the app starts.");
        }
    }
}
