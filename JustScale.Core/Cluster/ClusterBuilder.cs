using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace JustScale.Core;

/// <summary>Composes a cluster from services, features, repositories and controllers (the docs' <c>createClusterBuilder()</c>).</summary>
/// <example><code>
/// var cluster = new ClusterBuilder()
///     .Add(InMemoryRepository.For&lt;User&gt;())
///     .Provide&lt;GreetingService&gt;()
///     .Build();
/// await cluster.CompileAsync();
/// await cluster.StartAsync();
/// </code></example>
public sealed class ClusterBuilder
{
    private readonly List<IClusterComponent> _components = [];
    private readonly List<ServiceNode> _nodes = [];
    private readonly List<Requirement> _requirements = [];
    private readonly List<Action<IServiceCollection>> _configure = [];
    private readonly List<Action<ILoggingBuilder>> _logging = [];
    private bool _built;

    /// <summary>Gets the configuration features read their settings from while they configure (<see cref="ComponentContext.Configuration"/>), or null.</summary>
    internal IConfiguration? Configuration { get; private set; }

    /// <summary>Adds a component: a feature, a repository, a controller.</summary>
    /// <remarks>Adding the same instance twice adds it once. Null fails at once.</remarks>
    /// <param name="component">The component to add.</param>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder Add(IClusterComponent component)
    {
        if (component is null)
        {
            throw new ArgumentNullException(nameof(component),
                "ClusterBuilder.Add(null): the component is null. If it is a static field, check that it is initialised before the builder runs.");
        }

        ThrowIfBuilt();
        if (!_components.Contains(component))
        {
            _components.Add(component);
        }

        return this;
    }

    /// <summary>Adds a component type with a parameterless constructor: a feature, a controller (<c>.Add&lt;AuthFeature&gt;()</c>).</summary>
    /// <remarks>Adding the same type twice adds it once. A service is not a component: provide it with <see cref="Provide{TService}()"/>
    /// (<c>.Add&lt;Clock&gt;()</c> does not compile: CS0311, Clock is no IClusterComponent).</remarks>
    /// <typeparam name="T">The component type.</typeparam>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder Add<T>() where T : class, IClusterComponent, new()
    {
        ThrowIfBuilt();
        if (!_components.Exists(c => c.GetType() == typeof(T)))
        {
            _components.Add(new T());
        }

        return this;
    }

    /// <summary>Provides a service implemented by its own type, as a singleton (<see cref="ComponentContext.Provide{TService}()"/>).</summary>
    /// <remarks>Its constructor parameters are its dependencies, checked by <see cref="Build()"/>.</remarks>
    /// <typeparam name="TService">The service class.</typeparam>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder Provide<TService>() where TService : class => Add(new ServiceComponent<TService, TService>());

    /// <summary>Provides a service implemented by another type, as a singleton.</summary>
    /// <typeparam name="TService">The service type others depend on.</typeparam>
    /// <typeparam name="TImplementation">The class that implements it.</typeparam>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder Provide<TService, TImplementation>()
        where TService : class
        where TImplementation : class, TService => Add(new ServiceComponent<TService, TImplementation>());

    /// <summary>Provides an existing instance as a service (it replaces a built-in such as <see cref="TimeProvider"/>).</summary>
    /// <typeparam name="TService">The service type others depend on.</typeparam>
    /// <param name="instance">The instance to provide.</param>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder Provide<TService>(TService instance) where TService : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Add(new InstanceComponent<TService>(instance));
    }

    /// <summary>Configures logging (providers, levels); by default a cluster built with <see cref="Build()"/> logs nowhere.</summary>
    /// <remarks>A hosted cluster logs through the host's logging; what is configured here is added to it.</remarks>
    /// <param name="configure">Adds providers and sets levels on the logging builder.</param>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder ConfigureLogging(Action<ILoggingBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ThrowIfBuilt();
        _logging.Add(configure);
        return this;
    }

    /// <summary>Registers services directly with Microsoft.Extensions.DependencyInjection (not checked by Build).</summary>
    /// <param name="configure">Registers services on the cluster's service collection.</param>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure.Add(configure);
        return this;
    }

    /// <summary>Gives the features a configuration to read their settings from (<c>JustScale:Auth</c> for AuthFeature); explicit code still wins.</summary>
    /// <remarks>The hosted style passes the host's configuration itself (<c>AddJustScale</c>). With <see cref="Build()"/> it is also the
    /// container's <see cref="IConfiguration"/> (otherwise the environment variables).</remarks>
    /// <param name="configuration">The configuration, such as the host's <c>builder.Configuration</c>.</param>
    /// <returns>This builder, to chain further calls.</returns>
    public ClusterBuilder UseConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ThrowIfBuilt();
        Configuration = configuration;
        return this;
    }

    /// <summary>Checks the whole dependency graph and returns the cluster, not yet compiled.</summary>
    /// <returns>The cluster, to compile and start (or run with <c>RunAsync</c>).</returns>
    /// <exception cref="DependencyException">A dependency is missing, provided twice, or part of a cycle.</exception>
    public Cluster Build()
    {
        ConfigureComponents();
        var services = new ServiceCollection();
        Register(services);
        if (Configuration is { } configuration)
        {
            services.TryAddSingleton(configuration);
        }

        services.TryAddSingleton<IConfiguration>(_ => new ConfigurationBuilder().AddEnvironmentVariables().Build());

        // What ConfigureServices registered counts as provided (a scoped DbContext a route's middleware declares), unchecked itself.
        var order = DependencyGraph.Check(_nodes, _requirements, type => Registrations.LifetimeOf(services, type) is not null);
        CapturedServices.Check(_nodes, type => Registrations.LifetimeOf(services, type));
        return new Cluster(services, hosted: false, order, [], [.. _components]);
    }

    /// <summary>Registers the cluster's services on a host's container and returns the cluster, compiled later against that container.</summary>
    /// <remarks>
    /// The hosted style (<c>builder.AddJustScale(...)</c> in JustScale.Http calls this): one container for the host and the
    /// cluster, so the host's services (<c>ILogger&lt;T&gt;</c>, <c>IConfiguration</c>, <c>IHttpClientFactory</c>, a scoped
    /// <c>DbContext</c>) are injectable into the cluster's, and the cluster's are resolvable from the host. The dependency
    /// check runs when the cluster is compiled (<see cref="Cluster.Compile(IServiceProvider)"/>), against the container the
    /// host built, so services registered on the host after this call count too.
    /// </remarks>
    /// <param name="services">The host's service collection.</param>
    /// <returns>The cluster, compiled by the host when its container is built.</returns>
    public Cluster Build(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        ConfigureComponents();
        Register(services);
        return new Cluster(services, hosted: true, _nodes, _requirements, [.. _components]);
    }

    private void ConfigureComponents()
    {
        ThrowIfBuilt();
        try
        {
            // Components may add components while they configure; the loop picks those up too.
            for (var i = 0; i < _components.Count; i++)
            {
                var component = _components[i];
                var name = component.Name;
                component.Configure(new ComponentContext(this, name, component is Feature ? $"Feature: {name}" : name));
            }
        }
        finally
        {
            _built = true;
        }
    }

    private void Register(IServiceCollection services)
    {
        services.Add(_nodes.Select(node => node.Descriptor));
        _configure.ForEach(configure => configure(services));
        services.AddLogging(logging => _logging.ForEach(configure => configure(logging)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IUnitOfWork, UnitOfWork>();
    }

    internal void AddNode(ServiceNode node) => _nodes.Add(node);

    internal void AddRequirement(Type required, string requiredBy, string? fix = null) => _requirements.Add(new Requirement(required, requiredBy, fix));

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This ClusterBuilder has already built its cluster; create a new builder.");
        }
    }

    private sealed class ServiceComponent<TService, TImplementation> : IClusterComponent
        where TService : class
        where TImplementation : class, TService
    {
        public string Name => TypeNames.Of(typeof(TImplementation));

        public void Configure(ComponentContext context) => context.Provide<TService, TImplementation>();
    }

    private sealed class InstanceComponent<TService>(TService instance) : IClusterComponent where TService : class
    {
        public string Name => TypeNames.Of(typeof(TService));

        public void Configure(ComponentContext context) => context.Provide(instance);
    }
}
