using Microsoft.Extensions.Hosting;

namespace JustScale.Http.Hosting;

/// <summary>Replaces the console lifetime: a listening server does not take over Ctrl+C or SIGTERM unless the app waits on it.</summary>
/// <remarks>Signals are handled by <see cref="HttpServer.WaitForShutdownAsync"/> only, so a process that hosts servers
/// without waiting on them (a test run, a worker) still ends on SIGTERM as usual.</remarks>
internal sealed class ServerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
