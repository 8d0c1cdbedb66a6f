using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core;

/// <summary>Refuses a scoped or transient service captured by one of the cluster's singletons (a controller, a feature's service).</summary>
/// <remarks>
/// Every service of the graph is a singleton, and a controller's lambda runs once: a scoped service it takes (an EF Core
/// <c>DbContext</c>) would be one instance for every request, used by many threads at once, in every environment. ASP.NET
/// Core's own scope validation runs only in Development, with a message that names neither the controller nor the fix;
/// this check runs wherever the cluster is built and says both.
/// </remarks>
internal static class CapturedServices
{
    /// <summary>Throws <see cref="DependencyException"/> when a node depends on a service that the container registers as scoped or transient.</summary>
    /// <param name="nodes">The cluster's services.</param>
    /// <param name="lifetimeOf">Reads the lifetime the container registers a type with, or null.</param>
    public static void Check(IReadOnlyList<ServiceNode> nodes, Func<Type, ServiceLifetime?> lifetimeOf)
    {
        var provided = nodes.Select(n => n.ServiceType).ToHashSet();
        // The graph's own services are singletons; the built-ins are singletons or resolve per call by design.
        var captured = (
            from node in nodes
            from dependency in node.Dependencies.Distinct()
            where !provided.Contains(dependency) && !ConstructorDependencies.IsBuiltIn(dependency)
            let lifetime = lifetimeOf(dependency)
            where lifetime is not (null or ServiceLifetime.Singleton)
            select (CapturedBy: node.Label, Service: dependency, Lifetime: lifetime.Value)).ToList();

        if (captured.Count > 0)
        {
            throw new DependencyException(Format(captured), []);
        }
    }

    private static string Format(List<(string CapturedBy, Type Service, ServiceLifetime Lifetime)> captured)
    {
        var text = new StringBuilder("Scoped or transient services captured by singletons:\n\n");
        foreach (var group in captured.GroupBy(c => c.CapturedBy))
        {
            text.Append("  ").Append(group.Key).Append(" captures:\n");
            foreach (var (_, service, lifetime) in group)
            {
                text.Append("    - ").Append(TypeNames.Of(service)).Append(" (").Append(lifetime.ToString().ToLowerInvariant()).Append(")\n");
            }

            text.Append('\n');
        }

        var example = TypeNames.Of(captured[0].Service);
        text.Append("A controller's lambda and a cluster service are created once, so each of these would be one instance for every request.\n")
            .Append("Hints:\n")
            .Append("  - Take it per request from the request's scope: ctx.Services.GetRequiredService<").Append(example).Append(">() in the handler\n")
            .Append("  - Or let a route step declare it ([Inject], Guard.Create, .Load<T, TService>): a scoped one is then resolved per request\n")
            .Append("  - Or register it as a singleton, when one shared instance is safe");
        return text.ToString();
    }
}
