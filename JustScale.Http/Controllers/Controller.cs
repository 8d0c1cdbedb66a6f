using JustScale.Core;
using JustScale.Http.Dependencies;
using JustScale.Http.Routing;

namespace JustScale.Http;

/// <summary>Groups named routes under a path prefix, with the services they need (the docs' <c>createController</c>).</summary>
/// <remarks>
/// The lambda's parameters are the controller's dependencies (the docs' <c>inject</c>): they are declared to the cluster,
/// so <see cref="ClusterBuilder.Build()"/> reports a missing one like any other, and they are resolved once when the
/// cluster compiles, which is also when the lambda runs (a lambda without services runs at Build, so that what its
/// routes' steps declare is checked there). Added with <c>.Add(controller)</c>.
/// </remarks>
/// <example><code>
/// Controller.Create("/auth", (UserService users, SessionService sessions) => new()
/// {
///     ["login"] = Post("/login").Handle(async ctx => { ... }),
/// });
/// </code></example>
public sealed partial class Controller : IClusterComponent
{
    private readonly Type[] _dependencies;
    private readonly Func<IServiceProvider, RouteTable> _routes;

    private Controller(string prefix, string name, Type[] dependencies, Func<IServiceProvider, RouteTable> routes)
    {
        Prefix = prefix;
        Name = name;
        _dependencies = dependencies;
        _routes = routes;
    }

    /// <summary>Gets the path prefix every route of the controller starts with.</summary>
    public string Prefix { get; }

    /// <summary>Gets the name used in dependency messages and logs; by default <c>Controller /prefix</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the types the controller's routes need from the cluster.</summary>
    public IReadOnlyList<Type> Dependencies => _dependencies;

    /// <summary>Returns a copy of the controller with another name, for clearer dependency messages (<c>"AuthController"</c>).</summary>
    public Controller Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Controller(Prefix, name, _dependencies, _routes);
    }

    /// <summary>Declares the controller's routes to the cluster, with its dependencies and those its routes' steps declare.</summary>
    /// <remarks>
    /// A controller without services builds its routes here, at Build, so a service that a route's middleware or guard
    /// declares (<c>.Use(Auth)</c> needs SessionService) is checked with the rest. A controller with services builds them
    /// when the cluster compiles; their declarations are checked then, when the routes compile.
    /// </remarks>
    public void Configure(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_dependencies.Length == 0)
        {
            var routes = _routes(NoServices.Instance);
            RouteDependencies.Require(context, Name, Prefix, routes);
            context.Contribute(_ => new ControllerRoutes(Name, Prefix, routes));
            return;
        }

        context.Contribute(services => new ControllerRoutes(Name, Prefix, _routes(services)), _dependencies);
    }

    private static Controller Create(string prefix, Delegate routes, Type[] dependencies, Func<IServiceProvider, RouteTable> build)
    {
        ArgumentNullException.ThrowIfNull(routes);
        RoutePath.ValidatePrefix(prefix);
        return new Controller(prefix, $"Controller {(prefix.Length == 0 ? "/" : prefix)}", dependencies, build);
    }
}
