using JustScale.Http.Errors;
using JustScale.Http.Routing;

namespace JustScale.Http;

/// <summary>Describes a finished route: method, path, steps and handler, compiled into one delegate when the server starts.</summary>
/// <remarks>Made by <see cref="Route{TContext}.Handle(Action{TContext})"/>; named by its key in a <see cref="RouteTable"/>.</remarks>
public sealed class RouteDefinition
{
    private readonly RouteStep[] _steps;
    private readonly Func<IRequestContext, ValueTask> _handler;
    private InjectAttribute[]? _services;

    internal RouteDefinition(string method, string path, RouteStep[] steps, int? maxBodyBytes, Func<IRequestContext, ValueTask> handler)
    {
        Method = method;
        Path = path;
        _steps = [.. steps.Where(s => !s.IsMetadataOnly)]; // declarations (.Returns) cost nothing per request
        Metadata = [.. steps.SelectMany(s => s.Metadata)];
        MaxBodyBytes = maxBodyBytes;
        _handler = handler;
    }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the path as declared (<c>/users/:userId</c>), before the controller's prefix.</summary>
    public string Path { get; }

    /// <summary>Gets the route's own body limit in bytes (<see cref="Route{TContext}.MaxBodySize"/>), or null to use the server's.</summary>
    public int? MaxBodyBytes { get; }

    /// <summary>Gets the services the route's middleware and guards declared, each type once, for checking at Build and resolving once.</summary>
    internal IReadOnlyList<InjectAttribute> Services => _services ??= [.. _steps.SelectMany(s => s.Services).DistinctBy(s => s.ServiceType)];
    /// <summary>Gets what the route's steps declare (body, query, responses, security), in declaration order, for OpenAPI.</summary>
    internal IReadOnlyList<object> Metadata { get; }

    /// <summary>Gets whether the route has a guard (answered 403 when it refuses).</summary>
    internal bool HasGuard => _steps.Any(s => s.Guard is not null);

    /// <summary>Gets the names of the rate limit policies the route applies, for checking at startup.</summary>
    internal IEnumerable<string> RateLimitPolicies => _steps.Select(s => s.RateLimit).OfType<string>();

    /// <summary>Runs the steps and the handler for one request.</summary>
    internal ValueTask ExecuteAsync(RequestContext root) =>
        _steps.Length == 0 ? _handler(root) : ExecuteStepsAsync(root);

    private async ValueTask ExecuteStepsAsync(RequestContext root)
    {
        IRequestContext context = root;
        foreach (var step in _steps)
        {
            if (step.Guard is { } guard)
            {
                if (!await guard(context).ConfigureAwait(false))
                {
                    ErrorRenderer.WriteForbidden(root.Res);
                    return;
                }
            }
            else if (step.Middleware is { } middleware)
            {
                context = await middleware(context).ConfigureAwait(false);
            }
            else if (step.RateLimit is { } policy)
            {
                await root.Settings.RateLimits.AcquireAsync(policy, context, root.RequestAborted).ConfigureAwait(false);
            }

            if (root.Res.HasStarted)
            {
                return;
            }
        }

        await _handler(context).ConfigureAwait(false);
    }
}
