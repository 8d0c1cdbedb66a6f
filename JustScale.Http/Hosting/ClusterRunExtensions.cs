using JustScale.Core;

namespace JustScale.Http;

/// <summary>Runs a cluster as an HTTP server in one call: <c>await cluster.RunAsync(new ListenOptions { Port = 3000 })</c>.</summary>
public static class ClusterRunExtensions
{
    /// <summary>Compiles and starts the cluster, listens, waits for Ctrl+C, SIGTERM or the token, then stops the server (letting in-flight requests finish), stops the cluster and disposes both.</summary>
    /// <remarks>
    /// The four calls it replaces (<c>CompileAsync</c>, <c>StartAsync</c>, <see cref="HttpHost.Listen"/>,
    /// <see cref="HttpServer.WaitForShutdownAsync"/>) keep working for code that needs the server in between, as tests do.
    /// Cancelling the token is a shutdown like SIGTERM: the server drains (up to <see cref="ListenOptions.ShutdownTimeout"/>),
    /// the cluster stops, and the call returns. A failure on the way up (a missing dependency, a port in use) is thrown
    /// once what had started is stopped and disposed. The cluster is disposed in every case: run it once.
    /// </remarks>
    /// <param name="cluster">The cluster, built with <see cref="ClusterBuilder.Build()"/> and not yet compiled or started.</param>
    /// <param name="options">Where and how to listen; the defaults of <see cref="ListenOptions"/> when null (localhost:3000).</param>
    /// <param name="cancellationToken">Stops the server and the cluster when cancelled.</param>
    /// <returns>A task that completes once the server and the cluster are stopped and disposed.</returns>
    /// <exception cref="InvalidOperationException">The cluster is hosted (its host runs it) or already started.</exception>
    /// <exception cref="JustScaleException">The cluster cannot compile, or the server cannot listen.</exception>
    public static async Task RunAsync(this Cluster cluster, ListenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.IsHosted)
        {
            throw new InvalidOperationException("This cluster lives in a host's container (AddJustScale): run the host (app.RunAsync()), which runs the cluster.");
        }

        if (cluster.IsStarted)
        {
            throw new InvalidOperationException("The cluster is already started: RunAsync compiles, starts and stops it itself; call it on a cluster fresh from Build().");
        }

        HttpServer? server = null;
        try
        {
            await cluster.CompileAsync(cancellationToken).ConfigureAwait(false);
            await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
            server = await HttpHost.Listen(cluster, options, cancellationToken).ConfigureAwait(false);
            try
            {
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The caller's shutdown: drain below, as for a signal.
            }

            // Not the caller's token: it is cancelled now, and the drain must still run (bounded by ShutdownTimeout).
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }
}
