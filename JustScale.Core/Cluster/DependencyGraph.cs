using System.Text;

namespace JustScale.Core;

/// <summary>Checks a cluster's services before any is created: nothing missing, nothing twice, no cycle.</summary>
internal static class DependencyGraph
{
    /// <summary>Returns the nodes in creation order (dependencies first), or throws <see cref="DependencyException"/>.</summary>
    /// <param name="nodes">The cluster's services.</param>
    /// <param name="requirements">What components declared they need.</param>
    /// <param name="isRegistered">Tells whether the container provides a type outside the graph (registered with ConfigureServices, or by the host), or null.</param>
    /// <param name="hosted">Whether the cluster lives in a host's container, for the message's hints.</param>
    public static IReadOnlyList<ServiceNode> Check(
        IReadOnlyList<ServiceNode> nodes, IReadOnlyList<Requirement> requirements, Func<Type, bool>? isRegistered = null, bool hosted = false)
    {
        var providers = new Dictionary<Type, ServiceNode>();
        var contributions = new HashSet<Type>();
        foreach (var node in nodes)
        {
            if (node.IsContribution)
            {
                contributions.Add(node.ServiceType);
            }
            else if (!providers.TryAdd(node.ServiceType, node))
            {
                var first = providers[node.ServiceType];
                throw new DependencyException(
                    $"{TypeNames.Of(node.ServiceType)} is provided twice: by {first.AddedBy} and by {node.AddedBy}. Add it once.",
                    []);
            }
        }

        bool IsProvided(Type type) =>
            providers.ContainsKey(type) || contributions.Contains(type) || ConstructorDependencies.IsBuiltIn(type)
            || (isRegistered is not null && isRegistered(type));

        var missing = new List<MissingDependency>();
        foreach (var node in nodes)
        {
            missing.AddRange(node.Dependencies.Where(d => !IsProvided(d)).Select(d => new MissingDependency(TypeNames.Of(d), node.Label, d)));
        }

        missing.AddRange(requirements.Where(r => !IsProvided(r.Type)).Select(r => new MissingDependency(TypeNames.Of(r.Type), r.RequiredBy, r.Type, r.Fix)));

        missing = [.. missing.DistinctBy(m => (m.RequiredType, m.RequiredBy))];
        if (missing.Count > 0)
        {
            throw new DependencyException(FormatMissing(missing, hosted), missing);
        }

        return Order(nodes, providers);
    }

    /// <summary>Writes the message of missing dependencies: grouped by who requires them, each with its fix when known, then hints.</summary>
    public static string FormatMissing(IReadOnlyList<MissingDependency> missing, bool hosted)
    {
        var text = new StringBuilder("Missing dependencies:\n\n");
        foreach (var group in missing.GroupBy(m => m.RequiredBy))
        {
            text.Append("  ").Append(group.Key).Append(" requires:\n");
            foreach (var dependency in group)
            {
                text.Append("    - ").Append(dependency.Required);
                if (dependency.Fix is { } fix)
                {
                    text.Append(" (add ").Append(fix).Append(')');
                }

                text.Append('\n');
            }

            text.Append('\n');
        }

        text.Append("Hints:\n")
            .Append("  - Provide each missing service: .Provide<TService>(), a feature (.Add<TFeature>()), or a repository\n")
            .Append("  - Repositories: .Add(InMemoryRepository.For<User>()) or .Add(PgRepository.Create(PgUser))\n")
            .Append("  - Check that every feature's requirements are satisfied");
        if (hosted)
        {
            text.Append("\n  - A hosted cluster also takes services registered on the host: builder.Services.AddSingleton<TService>()");
        }

        return text.ToString();
    }

    private static List<ServiceNode> Order(IReadOnlyList<ServiceNode> nodes, Dictionary<Type, ServiceNode> providers)
    {
        var order = new List<ServiceNode>(nodes.Count);
        var done = new HashSet<ServiceNode>();
        var path = new List<ServiceNode>();

        void Visit(ServiceNode node)
        {
            if (done.Contains(node))
            {
                return;
            }

            var index = path.IndexOf(node);
            if (index >= 0)
            {
                var cycle = path.Skip(index).Append(node).Select(n => n.Name).ToList();
                throw new DependencyException($"Circular dependency: {string.Join(" -> ", cycle)}", [], cycle);
            }

            path.Add(node);
            foreach (var provider in node.Dependencies.Where(providers.ContainsKey).Select(dependency => providers[dependency]))
            {
                Visit(provider);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(node);
            order.Add(node);
        }

        foreach (var node in nodes)
        {
            Visit(node);
        }

        return order;
    }
}
