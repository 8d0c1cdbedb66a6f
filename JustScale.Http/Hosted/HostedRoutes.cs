using JustScale.Http.Hosting;

namespace JustScale.Http.Hosted;

/// <summary>Owns what <c>app.MapJustScale()</c> made (the rate limiters); the host's container disposes it on shutdown.</summary>
internal sealed class HostedRoutes : IAsyncDisposable
{
    private ServerSettings? _settings;

    /// <summary>Gets whether the routes are already mapped.</summary>
    public bool IsMapped => _settings is not null;

    /// <summary>Remembers the settings of the mapped routes.</summary>
    public void Mapped(ServerSettings settings) => _settings = settings;

    public ValueTask DisposeAsync() => _settings?.RateLimits.DisposeAsync() ?? ValueTask.CompletedTask;
}
