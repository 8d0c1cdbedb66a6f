using System.Security.Cryptography.X509Certificates;
using JustScale.Http.RateLimiting;

namespace JustScale.Http.Hosting;

/// <summary>Holds what a server owns besides Kestrel: its rate limiters and the certificate it loaded; released after Kestrel stops.</summary>
internal sealed class ServerResources(RateLimiters rateLimits, X509Certificate2? certificate) : IAsyncDisposable
{
    /// <summary>Disposes the rate limiters and the loaded certificate.</summary>
    public async ValueTask DisposeAsync()
    {
        await rateLimits.DisposeAsync().ConfigureAwait(false);
        certificate?.Dispose();
    }
}
