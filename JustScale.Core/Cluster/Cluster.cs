using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Core;

/// <summary>Runs a built cluster: creates its services (<see cref="CompileAsync"/>), starts and stops them.</summary>
/// <remarks>Made by <see cref="ClusterBuilder.Build"/>. Disposing it stops it when running and disposes every service.</remarks>
public sealed class Cluster : IAsyncDisposable
{
    private readonly IServiceCollection _services;
    private readonly IReadOnlyList<ServiceNode> _order;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ServiceProvider? _provider;
    private List<IClusterLifecycle> _lifecycle = [];
    private int _started;
    private bool _disposed;

    internal Cluster(IServiceCollection services, IReadOnlyList<ServiceNode> order, IReadOnlyList<IClusterComponent> components)
    {
        _services = services;
        _order = order;
        Components = components;
    }

    /// <summary>Gets the components the cluster was built from, in the order they were added.</summary>
    public IReadOnlyList<IClusterComponent> Components { get; }

    /// <summary>Gets whether <see cref="CompileAsync"/> has created the services.</summary>
    public bool IsCompiled => _provider is not null;

    /// <summary>Gets whether the cluster is started.</summary>
    public bool IsStarted => Volatile.Read(ref _started) == 1;

    /// <summary>Gets the service provider; available once compiled.</summary>
    public IServiceProvider Services => _provider ?? throw NotCompiled("use its services");

    /// <summary>Creates every singleton now, so a broken service fails at startup rather than on first use.</summary>
    /// <remarks>Calling it again does nothing.</remarks>
    public async Task CompileAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_provider is not null)
            {
                return;
            }

            var provider = _services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            var lifecycle = new List<IClusterLifecycle>();
            try
            {
                foreach (var node in _order)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var instances = node.IsContribution
                        ? provider.GetServices(node.ServiceType)
                        : [provider.GetRequiredService(node.ServiceType)];
                    foreach (var instance in instances)
                    {
                        if (instance is IClusterLifecycle hooks && !lifecycle.Contains(hooks))
                        {
                            lifecycle.Add(hooks);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await provider.DisposeAsync();
                throw new JustScaleException($"Cluster compilation failed: {ex.Message}", innerException: ex);
            }
            catch
            {
                await provider.DisposeAsync();
                throw;
            }

            _lifecycle = lifecycle;
            _provider = provider;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts every service that implements <see cref="IClusterLifecycle"/>, dependencies first.</summary>
    /// <exception cref="InvalidOperationException">The cluster is not compiled, or already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
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
                    await hooks.OnStartAsync(cancellationToken);
                    started.Add(hooks);
                }
            }
            catch
            {
                started.Reverse();
                await StopAllAsync(started, CancellationToken.None);
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
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsStarted)
            {
                return;
            }

            Volatile.Write(ref _started, 0);
            await StopAllAsync(Enumerable.Reverse(_lifecycle), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gets a service of the cluster; throws when it has none.</summary>
    public T Resolve<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Stops the cluster when started and disposes every service.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync();
        _disposed = true;
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        _gate.Dispose();
    }

    private static async Task StopAllAsync(IEnumerable<IClusterLifecycle> services, CancellationToken cancellationToken)
    {
        List<Exception>? failures = null;
        foreach (var hooks in services)
        {
            try
            {
                await hooks.OnStopAsync(cancellationToken);
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
