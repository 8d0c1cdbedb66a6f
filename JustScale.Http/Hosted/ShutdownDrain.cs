using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JustScale.Http.Hosted;

/// <summary>Delays the host's stop by <see cref="JustScaleHttpOptions.DrainDelay"/>, before Kestrel stops accepting connections.</summary>
/// <remarks>
/// The stopping phase of <see cref="IHostedLifecycleService"/> runs after <c>ApplicationStopping</c> fired (the readiness check
/// already fails) and before any hosted service stops, the web server included: requests keep being answered while a
/// balancer notices. Its token is the host's shutdown timeout, which <see cref="HostingServices"/> extends by the delay.
/// </remarks>
internal sealed class ShutdownDrain(IOptions<JustScaleHttpOptions> options, IHostEnvironment environment, TimeProvider time) : IHostedLifecycleService
{
    /// <summary>Gets the delay in effect: the configured one, else 5 s outside Development and zero in it.</summary>
    public static TimeSpan DelayOf(JustScaleHttpOptions options, IHostEnvironment environment) =>
        options.DrainDelay ?? (environment.IsDevelopment() ? TimeSpan.Zero : TimeSpan.FromSeconds(5));

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = DelayOf(options.Value, environment);
        if (delay > TimeSpan.Zero)
        {
            // The shutdown timeout running out ends the wait early: stop now.
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
