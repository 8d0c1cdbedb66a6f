using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace JustScale.Http;

/// <summary>Names a controller's routes, in declaration order: <c>new() { ["login"] = Post("/login").Handle(...) }</c>.</summary>
/// <remarks>A name may be used once; assigning it twice throws, so a copy-pasted route cannot silently replace another.</remarks>
public sealed class RouteTable : IReadOnlyDictionary<string, RouteDefinition>
{
    private readonly Dictionary<string, RouteDefinition> _routes = new(StringComparer.Ordinal);

    /// <summary>Gets the number of routes.</summary>
    public int Count => _routes.Count;

    /// <summary>Gets the route names, in declaration order.</summary>
    public IEnumerable<string> Keys => _routes.Keys;

    /// <summary>Gets the routes, in declaration order.</summary>
    public IEnumerable<RouteDefinition> Values => _routes.Values;

    /// <summary>Gets a route by name, or adds one (names are unique).</summary>
    /// <exception cref="ArgumentException">The name is already used.</exception>
    public RouteDefinition this[string name]
    {
        get => _routes[name];
        set => Add(name, value);
    }

    /// <summary>Copies the routes of a dictionary (so <c>new Dictionary&lt;string, RouteDefinition&gt; { ... }</c> works too).</summary>
    public static implicit operator RouteTable(Dictionary<string, RouteDefinition> routes) => FromDictionary(routes);

    /// <summary>Copies the routes of a dictionary.</summary>
    public static RouteTable FromDictionary(IEnumerable<KeyValuePair<string, RouteDefinition>> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var table = new RouteTable();
        foreach (var (name, route) in routes)
        {
            table.Add(name, route);
        }

        return table;
    }

    /// <summary>Adds a named route.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public void Add(string name, RouteDefinition route)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(route);
        if (!_routes.TryAdd(name, route))
        {
            throw new ArgumentException($"Route name \"{name}\" is used twice; give each route its own name.", nameof(name));
        }
    }

    /// <summary>Gets whether a route has this name.</summary>
    public bool ContainsKey(string key) => _routes.ContainsKey(key);

    /// <summary>Gets a route by name when there is one.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out RouteDefinition value) => _routes.TryGetValue(key, out value);

    /// <summary>Enumerates the named routes, in declaration order.</summary>
    public IEnumerator<KeyValuePair<string, RouteDefinition>> GetEnumerator() => _routes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
