using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core;

/// <summary>Runs a built cluster: creates its services (<see cref="CompileAsync"/>), starts and stops them.</summary>
/// <remarks>
/// Made by <see cref="ClusterBuilder.Build()"/> (its own container) or <see cref="ClusterBuilder.Build(IServiceCollection)"/>
/// (a host's container). Disposing it stops it when running and disposes every service of its own container; a hosted
/// cluster's services belong to the host, which disposes them.
/// </remarks>
public sealed partial class Cluster : IAsyncDisposable
{
    private readonly IServiceCollection? _services;
    private readonly IReadOnlyList<ServiceNode> _nodes;
    private readonly IReadOnlyList<Requirement> _requirements;
    private readonly IServiceCollection _registrations;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IServiceProvider? _provider;
    private ServiceProvider? _ownProvider;
    private List<IClusterLifecycle> _lifecycle = [];
    private int _started;
    private bool _disposed;

    // Own container: the nodes in dependency order, checked at Build. Hosted: the host's registrations, checked when it builds its container.
    internal Cluster(IServiceCollection services, bool hosted, IReadOnlyList<ServiceNode> nodes, IReadOnlyList<Requirement> requirements, IReadOnlyList<IClusterComponent> components)
    {
        _services = hosted ? null : services;
        _registrations = services;
        _nodes = nodes;
        _requirements = requirements;
        Components = components;
    }

    /// <summary>Gets the components the cluster was built from, in the order they were added.</summary>
    public IReadOnlyList<IClusterComponent> Components { get; }

    /// <summary>Gets whether the cluster lives in a host's container (<see cref="ClusterBuilder.Build(IServiceCollection)"/>).</summary>
    public bool IsHosted => _services is null;

    /// <summary>Gets whether the cluster's services have been created.</summary>
    public bool IsCompiled => _provider is not null;

    /// <summary>Gets whether the cluster is started.</summary>
    public bool IsStarted => Volatile.Read(ref _started) == 1;

    /// <summary>Gets the service provider (the host's, for a hosted cluster); available once compiled.</summary>
    public IServiceProvider Services => _provider ?? throw NotCompiled("use its services");

    /// <summary>Creates every singleton now, so a broken service fails at startup rather than on first use.</summary>
    /// <remarks>Calling it again does nothing. A hosted cluster is compiled by its host (<see cref="Compile(IServiceProvider)"/>).</remarks>
    /// <exception cref="InvalidOperationException">The cluster is hosted and its host has not compiled it.</exception>
    /// <param name="cancellationToken">Cancels creating the services.</param>
    /// <returns>A task that completes when every singleton exists.</returns>
    public async Task CompileAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_provider is not null)
            {
                return;
            }

            if (_services is null)
            {
                throw new InvalidOperationException(
                    "This cluster lives in a host's container (AddJustScale): the host compiles it when it starts, or app.MapJustScale() does.");
            }

            var provider = _services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            try
            {
                _lifecycle = CreateServices(provider, _nodes, cancellationToken);
            }
            catch
            {
                await provider.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _ownProvider = provider;
            _provider = provider;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Compiles a hosted cluster against the host's container: checks its dependencies there, then creates every singleton.</summary>
    /// <remarks>
    /// Called by the host integration (<c>app.MapJustScale()</c>, or the hosted service when the host starts); calling it
    /// again does nothing. The check counts every service the host's container provides
    /// (<see cref="IServiceProviderIsService"/>), so a missing one is named with who needs it, as <see cref="ClusterBuilder.Build()"/> does.
    /// </remarks>
    /// <exception cref="DependencyException">A dependency is missing, provided twice, or part of a cycle.</exception>
    /// <exception cref="InvalidOperationException">The cluster has its own container.</exception>
    /// <param name="services">The host's built service provider.</param>
    public void Compile(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _gate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_services is not null)
            {
                throw new InvalidOperationException("This cluster has its own container (ClusterBuilder.Build()); compile it with CompileAsync().");
            }

            if (_provider is not null)
            {
                return;
            }

            var isService = services.GetService<IServiceProviderIsService>();
            var order = DependencyGraph.Check(_nodes, _requirements, isService is null ? null : isService.IsService, hosted: true);
            CapturedServices.Check(_nodes, LifetimeOf);
            _lifecycle = CreateServices(services, order, CancellationToken.None);
            _provider = services;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks a hosted cluster's dependencies against the host's registrations, before the host builds its container.</summary>
    /// <remarks>
    /// The host integration (<c>builder.AddJustScale(...)</c>) calls it when the host creates its container, so that a missing
    /// service or a scoped service captured by a controller is reported in JustScale's words, naming who needs it and the fix,
    /// before ASP.NET Core's own validation (Development) reports it in generic words or (Production) does not at all.
    /// <see cref="Compile(IServiceProvider)"/> checks the same again.
    /// </remarks>
    /// <exception cref="DependencyException">A dependency is missing, provided twice, part of a cycle, or scoped/transient and captured by a singleton.</exception>
    /// <exception cref="InvalidOperationException">The cluster has its own container.</exception>
    public void CheckDependencies()
    {
        if (_services is not null)
        {
            throw new InvalidOperationException("This cluster has its own container (ClusterBuilder.Build()), which checked its dependencies at Build.");
        }

        DependencyGraph.Check(_nodes, _requirements, type => LifetimeOf(type) is not null || IsContainerBuiltIn(type), hosted: true);
        CapturedServices.Check(_nodes, LifetimeOf);
    }

    private static bool IsContainerBuiltIn(Type type) =>
        type == typeof(IServiceProviderIsService) || type == typeof(IServiceProviderIsKeyedService) || type == typeof(IKeyedServiceProvider);

    private static List<IClusterLifecycle> CreateServices(IServiceProvider provider, IReadOnlyList<ServiceNode> order, CancellationToken cancellationToken)
    {
        var lifecycle = new List<IClusterLifecycle>();
        try
        {
            foreach (var node in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var instances = node.IsContribution
                    ? provider.GetServices(node.ServiceType)
                    : [provider.GetRequiredService(node.ServiceType)];
                lifecycle.AddRange(instances.OfType<IClusterLifecycle>());
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DependencyException)
        {
            throw new JustScaleException($"Cluster compilation failed: {ex.Message}", innerException: ex);
        }

        return [.. lifecycle.Distinct()]; // a service provided under two types starts and stops once
    }

    /// <summary>Starts every service that implements <see cref="IClusterLifecycle"/>, dependencies first.</summary>
    /// <exception cref="InvalidOperationException">The cluster is not compiled, or already started.</exception>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when every service is started.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_provider is null)
            {
                throw NotCompiled("start it");
            }

            if (IsStarted)
            {
                throw new InvalidOperationException("The cluster is already started.");
            }

            var started = new List<IClusterLifecycle>();
            try
            {
                foreach (var hooks in _lifecycle)
                {
                    await hooks.OnStartAsync(cancellationToken).ConfigureAwait(false);
                    started.Add(hooks);
                }
            }
            catch
            {
                started.Reverse();
                await StopAllAsync(started, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            Volatile.Write(ref _started, 1);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the started services in reverse order; does nothing when not started.</summary>
    /// <remarks>Every service is asked to stop even when one fails; the failures are thrown together afterwards.</remarks>
    /// <param name="cancellationToken">Cancels the stop.</param>
    /// <returns>A task that completes when every service is stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsStarted)
            {
                return;
            }

            Volatile.Write(ref _started, 0);
            await StopAllAsync(Enumerable.Reverse(_lifecycle), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gets a service of the cluster; throws when it has none.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    /// <returns>The service.</returns>
    public T Resolve<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Stops the cluster when started and disposes every service.</summary>
    /// <returns>A task that completes when every service is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        await (_ownProvider?.DisposeAsync() ?? ValueTask.CompletedTask).ConfigureAwait(false);

        _gate.Dispose();
    }

    private static async Task StopAllAsync(IEnumerable<IClusterLifecycle> services, CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        foreach (var hooks in services)
        {
            try
            {
                await hooks.OnStopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("One or more services failed to stop.", failures);
        }
    }

    private static InvalidOperationException NotCompiled(string action) =>
        new($"The cluster is not compiled: call CompileAsync() before you {action}.");
}
