using System.Runtime.InteropServices;
using JustScale.Http.Errors;
using JustScale.Http.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace JustScale.Http;

/// <summary>Represents a listening HTTP server; stopping it lets in-flight requests finish.</summary>
/// <remarks>Made by <see cref="HttpHost.Listen"/>. It does not own the cluster: stop the cluster after the server.</remarks>
public sealed class HttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private readonly ServerResources _owned;
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private bool _stopped;
    private bool _disposed;

    internal HttpServer(WebApplication app, ILogger logger, Uri url, ServerResources owned)
    {
        _app = app;
        _logger = logger;
        _owned = owned;
        Port = url.Port;
        Url = url;
    }

    /// <summary>Gets the port the server listens on (the one picked when <see cref="ListenOptions.Port"/> was 0).</summary>
    public int Port { get; }

    /// <summary>Gets the base address clients can use, such as <c>http://localhost:3000/</c> (<c>https://</c> when serving TLS).</summary>
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

    /// <summary>Waits until the process is asked to shut down (Ctrl+C, SIGTERM) or the server is stopped, then stops it gracefully.</summary>
    /// <remarks>Only while this runs are Ctrl+C and SIGTERM taken over; cancelling the token ends the wait without stopping.</remarks>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var stopping = _app.Lifetime.ApplicationStopping.Register(() => shutdown.TrySetResult());
        await shutdown.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

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
        await _owned.DisposeAsync().ConfigureAwait(false);
        _stopGate.Dispose();
    }
}
