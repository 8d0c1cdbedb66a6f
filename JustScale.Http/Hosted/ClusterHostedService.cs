using JustScale.Core;
using Microsoft.Extensions.Hosting;

namespace JustScale.Http.Hosted;

/// <summary>Runs a hosted cluster with its host: compiled and started before the server takes requests, stopped after it drained them.</summary>
/// <remarks>
/// The starting and stopped phases of <see cref="IHostedLifecycleService"/> run around every hosted service's own start
/// and stop, the web server's included, so no request reaches a cluster that is not started.
/// </remarks>
internal sealed class ClusterHostedService(Cluster cluster, IServiceProvider services) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        cluster.Compile(services);
        await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Not the host's token: when draining the server used up the shutdown timeout it is already cancelled, and the cluster
    // must still stop (each service's OnStopAsync bounds itself).
    public Task StoppedAsync(CancellationToken cancellationToken) => cluster.StopAsync(CancellationToken.None);
}
