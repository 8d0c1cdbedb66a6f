using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http.Hosting;

/// <summary>Gives a request served by <see cref="HttpHost.Listen"/> a scope of the cluster's container, created on first use.</summary>
/// <remarks>
/// In the hosted style ASP.NET Core does this with the host's container; Listen's Kestrel app has a container of its own, so
/// this feature points <c>HttpContext.RequestServices</c> at the cluster's instead. The scope is disposed when the response
/// completes (registered with <c>RegisterForDisposeAsync</c>).
/// </remarks>
internal sealed class ClusterRequestServices(IServiceScopeFactory scopes) : IServiceProvidersFeature, IAsyncDisposable
{
    private AsyncServiceScope? _scope;
    private IServiceProvider? _services;

    public IServiceProvider RequestServices
    {
        get
        {
            if (_services is null)
            {
                var scope = scopes.CreateAsyncScope();
                _scope = scope;
                _services = scope.ServiceProvider;
            }

            return _services;
        }

        set => _services = value;
    }

    public ValueTask DisposeAsync()
    {
        var scope = _scope;
        _scope = null;
        _services = null;
        return scope?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
