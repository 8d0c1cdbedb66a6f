using JustScale.Http.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JustScale.Http;

/// <summary>Represents a listening HTTP server; stopping it lets in-flight requests finish.</summary>
/// <remarks>Made by <see cref="HttpHost.Listen"/>. It does not own the cluster: stop the cluster after the server.</remarks>
public sealed class HttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private bool _stopped;
    private bool _disposed;

    internal HttpServer(WebApplication app, ILogger logger, string host, int port)
    {
        _app = app;
        _logger = logger;
        Port = port;
        Url = new Uri($"http://{host}:{port}");
    }

    /// <summary>Gets the port the server listens on (the one picked when <see cref="ListenOptions.Port"/> was 0).</summary>
    public int Port { get; }

    /// <summary>Gets the base address clients can use, such as <c>http://localhost:3000/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Stops accepting connections and waits for in-flight requests, up to <see cref="ListenOptions.ShutdownTimeout"/>.</summary>
    /// <remarks>Cancelling the token aborts the wait: remaining requests are cut off. Calling it again does nothing.</remarks>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            HttpLog.Stopping(_logger, Url.ToString());
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            _stopped = true;
        }
        finally
        {
            _stopGate.Release();
        }
    }

    /// <summary>Waits until the server is stopped, by <see cref="StopAsync"/> or by the process being asked to shut down (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server gracefully and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopGate.Dispose();
    }
}
