namespace JustScale.Core;

/// <summary>Receives the cluster's start and stop, for services that run something in the background.</summary>
/// <remarks>Services start in dependency order (a service after those it depends on) and stop in reverse.</remarks>
public interface IClusterLifecycle
{
    /// <summary>Starts the service; called by <see cref="Cluster.StartAsync"/>.</summary>
    ValueTask OnStartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Stops the service; called by <see cref="Cluster.StopAsync"/>.</summary>
    ValueTask OnStopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
