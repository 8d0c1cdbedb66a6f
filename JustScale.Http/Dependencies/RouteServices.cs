namespace JustScale.Http.Dependencies;

/// <summary>Holds the singletons a route's steps declared, resolved once when the routes compile; read per request by type.</summary>
/// <remarks>
/// A route declares a handful of services at most (Auth: two), so a linear scan comparing exact types beats a dictionary
/// and allocates nothing. Services that are not singletons are left out: the request's scope resolves them.
/// </remarks>
internal sealed class RouteServices(Type[] types, object[] instances)
{
    private readonly Type[] _types = types;
    private readonly object[] _instances = instances;

    /// <summary>Gets the holder of a route that declares nothing.</summary>
    public static RouteServices None { get; } = new([], []);

    /// <summary>Gets the number of services held.</summary>
    public int Count => _types.Length;

    /// <summary>Returns the resolved service of exactly this type, or null when the route holds none.</summary>
    public T? Find<T>() where T : class
    {
        var types = _types;
        for (var i = 0; i < types.Length; i++)
        {
            if (types[i] == typeof(T))
            {
                return (T)_instances[i];
            }
        }

        return null;
    }
}
