using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core;

/// <summary>Receives what a component provides, contributes and requires, while the cluster is built.</summary>
/// <remarks>Every service is a singleton. Dependencies of a service added by type are read from its constructor;
/// a service made by a factory lists its dependencies, so that <see cref="ClusterBuilder.Build()"/> can check them.</remarks>
public sealed class ComponentContext
{
    private readonly ClusterBuilder _builder;
    private readonly string _requirerLabel;

    internal ComponentContext(ClusterBuilder builder, string componentName, string requirerLabel)
    {
        _builder = builder;
        ComponentName = componentName;
        _requirerLabel = requirerLabel;
    }

    /// <summary>Gets the name of the component being configured.</summary>
    public string ComponentName { get; }

    /// <summary>Gets the configuration the component may read its settings from (the host's, in the hosted style), or null when none was given.</summary>
    /// <remarks>Read it through the configuration binder; settings given in code should win over it.</remarks>
    public IConfiguration? Configuration => _builder.Configuration;

    /// <summary>Provides a service implemented by its own type; its constructor's parameters are its dependencies.</summary>
    public ComponentContext Provide<TService>() where TService : class => Provide<TService, TService>();

    /// <summary>Provides a service implemented by another type; its constructor's parameters are its dependencies.</summary>
    public ComponentContext Provide<TService, TImplementation>()
        where TService : class
        where TImplementation : class, TService =>
        AddNode(typeof(TService), TypeNames.Of(typeof(TImplementation)), ConstructorDependencies.Of(typeof(TImplementation)),
            ServiceDescriptor.Singleton(typeof(TService), typeof(TImplementation)));

    /// <summary>Provides a service made by a factory that needs the listed dependencies.</summary>
    public ComponentContext Provide<TService>(Func<IServiceProvider, TService> factory, params Type[] dependencies) where TService : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(dependencies);
        return AddNode(typeof(TService), TypeNames.Of(typeof(TService)), dependencies, ServiceDescriptor.Singleton(typeof(TService), factory));
    }

    /// <summary>Provides an existing instance as a service.</summary>
    public ComponentContext Provide<TService>(TService instance) where TService : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        return AddNode(typeof(TService), TypeNames.Of(typeof(TService)), [], ServiceDescriptor.Singleton(typeof(TService), instance));
    }

    /// <summary>Adds one of many services of a type (resolved together as <c>IEnumerable&lt;TService&gt;</c>), made by a factory.</summary>
    public ComponentContext Contribute<TService>(Func<IServiceProvider, TService> factory, params Type[] dependencies) where TService : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(dependencies);
        return AddNode(typeof(TService), ComponentName, dependencies, ServiceDescriptor.Singleton(typeof(TService), factory), contribution: true);
    }

    /// <summary>Declares a service this component needs that another component must provide.</summary>
    public ComponentContext Require<TService>() => Require(typeof(TService));

    /// <summary>Declares a service this component needs that another component must provide.</summary>
    public ComponentContext Require(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        _builder.AddRequirement(serviceType, _requirerLabel);
        return this;
    }

    /// <summary>Declares a service that a part of this component needs, named in the message when it is missing (a route, a step).</summary>
    /// <remarks>
    /// Controllers use it for what their routes' middleware and guards declare: a route using <c>.Use(Auth)</c> in a cluster
    /// without AuthFeature then fails <see cref="ClusterBuilder.Build()"/> with "Route GET /profile (...) requires: -
    /// SessionService (add .Add&lt;AuthFeature&gt;())".
    /// </remarks>
    /// <param name="serviceType">The service needed.</param>
    /// <param name="requiredBy">Who needs it, as the message names it (<c>Route GET /profile ("me" in Controller /profile)</c>).</param>
    /// <param name="fix">What to add to provide it (<c>.Add&lt;AuthFeature&gt;()</c>), or null when unknown.</param>
    /// <returns>This context, for chaining.</returns>
    public ComponentContext Require(Type serviceType, string requiredBy, string? fix)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        ArgumentException.ThrowIfNullOrWhiteSpace(requiredBy);
        _builder.AddRequirement(serviceType, requiredBy, fix);
        return this;
    }

    /// <summary>Adds another component, as if it were added to the builder.</summary>
    public ComponentContext Add(IClusterComponent component)
    {
        _builder.Add(component);
        return this;
    }

    /// <summary>Registers services directly with Microsoft.Extensions.DependencyInjection (not checked by Build).</summary>
    public ComponentContext ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _builder.ConfigureServices(configure);
        return this;
    }

    private ComponentContext AddNode(Type service, string name, IReadOnlyList<Type> dependencies, ServiceDescriptor descriptor, bool contribution = false)
    {
        _builder.AddNode(new ServiceNode(service, name, ComponentName, dependencies, descriptor, contribution));
        return this;
    }
}
