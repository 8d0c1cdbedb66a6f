using JustScale.Core;
using JustScale.Http.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http.Dependencies;

/// <summary>Checks and resolves what routes' middleware and guards declare (<see cref="InjectAttribute"/>): required at Build, resolved once when the routes compile.</summary>
internal static class RouteDependencies
{
    /// <summary>Names a route in messages as the endpoint compiler does: <c>Route GET /profile (Controller /profile "me")</c>.</summary>
    public static string Label(string controller, string prefix, string name, RouteDefinition route) =>
        $"Route {route.Method} {RoutePath.ToPattern(prefix, route.Path).RawText} ({controller} \"{name}\")";

    /// <summary>Declares every service the routes' steps need as a requirement of the controller, checked by Build.</summary>
    public static void Require(ComponentContext context, string controller, string prefix, RouteTable routes)
    {
        foreach (var (name, route) in routes)
        {
            var label = Label(controller, prefix, name, route);
            foreach (var service in route.Services)
            {
                context.Require(service.ServiceType, label, service.Fix);
            }
        }
    }

    /// <summary>Resolves a route's declared singletons once; records what the cluster lacks in <paramref name="missing"/>.</summary>
    /// <remarks>
    /// Routes of a controller with services are known only now (their lambda ran when the cluster compiled), so this is
    /// where their declarations are checked. A scoped or transient service is left to the request's scope.
    /// </remarks>
    public static RouteServices Resolve(RouteDefinition route, string label, Cluster cluster, List<MissingDependency> missing)
    {
        if (route.Services.Count == 0)
        {
            return RouteServices.None;
        }

        var types = new List<Type>();
        var instances = new List<object>();
        foreach (var service in route.Services)
        {
            switch (cluster.LifetimeOf(service.ServiceType))
            {
                case null:
                    missing.Add(new MissingDependency(TypeNames.Of(service.ServiceType), label, service.ServiceType, service.Fix));
                    break;
                case ServiceLifetime.Singleton when !types.Contains(service.ServiceType):
                    types.Add(service.ServiceType);
                    instances.Add(cluster.Services.GetRequiredService(service.ServiceType));
                    break;
            }
        }

        return types.Count == 0 ? RouteServices.None : new RouteServices([.. types], [.. instances]);
    }
}
