namespace JustScale.Http;

/// <summary>Configures how <c>app.MapJustScale()</c> serves the cluster's routes in a host's pipeline.</summary>
/// <remarks>Address, TLS and Kestrel's limits belong to the host (its configuration, <c>ConfigureKestrel</c>); trusted proxies
/// and the drain are <see cref="JustScaleHttpOptions"/> (<c>JustScale:Http</c>); these are the settings of JustScale's own request handling.</remarks>
public sealed class JustScaleEndpointOptions
{
    /// <summary>Gets or sets the largest request body accepted by a JustScale route, in bytes (default 64 KiB); one byte more is answered with 413.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets whether requests that match no route are answered 404 <c>{"error":"Not Found"}</c> (default true).</summary>
    /// <remarks>A lowest-priority catch-all, like <c>MapFallback</c>: the host's own endpoints still win. A path known with
    /// another method is 404 too, as with <see cref="HttpHost.Listen"/>. Turn it off when the host serves its own fallback.</remarks>
    public bool NotFoundFallback { get; set; } = true;
}
