using JustScale.Core;

namespace JustScale.Http.Pipeline;

/// <summary>Contributes one cluster-level middleware; contributions keep the order in which they were added.</summary>
internal sealed class ClusterMiddlewareComponent(ClusterMiddleware middleware) : IClusterComponent
{
    public string Name => "HTTP middleware";

    public void Configure(ComponentContext context) => context.Contribute(_ => new Registration(middleware));

    /// <summary>Wraps the delegate so the cluster's container can hold it.</summary>
    internal sealed record Registration(ClusterMiddleware Middleware);
}
