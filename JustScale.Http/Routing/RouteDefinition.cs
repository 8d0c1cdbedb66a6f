using JustScale.Http.Errors;
using Microsoft.AspNetCore.Http;
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
        var running = steps.Where(s => !s.IsMetadataOnly).ToList(); // declarations (.Returns) cost nothing per request
        var firstBind = running.FindIndex(s => s.BindsBody);
        // Declared: .Body<T>() or a positive .MaxBodySize; .MaxBodySize(0) takes none. Undeclared: POST, PUT and PATCH may read
        // one raw (ctx.Body<T>()); GET, HEAD, DELETE and OPTIONS, whose bodies have no defined meaning, take none.
        AcceptsBody = maxBodyBytes switch
        {
            0 => false,
            > 0 => true,
            _ => firstBind >= 0 || !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method) || HttpMethods.IsOptions(method)),
        };
        if (AcceptsBody)
        {
            // Read the body after the last .Use before it is bound (or before the handler, which may read it raw with
            // ctx.Body<T>()): authentication first. But before the guards and rate limits in between, which may partition by
            // the body (the auth policies read its email).
            var at = firstBind >= 0 ? firstBind : running.Count;
            while (at > 0 && !running[at - 1].IsUse)
            {
                at--;
            }

            running.Insert(at, RouteStep.ForBodyRead());
        }

        _steps = [.. running];
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

    /// <summary>Gets whether the route takes a request body: false for <c>.MaxBodySize(0)</c>, and for GET, HEAD, DELETE and OPTIONS
    /// routes that bind none and set no limit; such a route refuses any body with 413, unread.</summary>
    public bool AcceptsBody { get; }

    /// <summary>Gets the services the route's middleware and guards declared, each type once, for checking at Build and resolving once.</summary>
    internal IReadOnlyList<InjectAttribute> Services => _services ??= [.. _steps.SelectMany(s => s.Services).DistinctBy(s => s.ServiceType)];
    /// <summary>Gets what the route's steps declare (body, query, responses, security), in declaration order, for OpenAPI.</summary>
    internal IReadOnlyList<object> Metadata { get; }

    /// <summary>Gets whether the route has a guard (answered 403 when it refuses).</summary>
    internal bool HasGuard => _steps.Any(s => s.Guard is not null);

    /// <summary>Gets the names of the rate limit policies the route applies, for checking at startup.</summary>
    internal IEnumerable<string> RateLimitPolicies => _steps.Select(s => s.RateLimit).OfType<string>();

    /// <summary>Runs the steps and the handler for one request.</summary>
    internal ValueTask ExecuteAsync(RequestContext root) => ContinueAsync(root, root, 0);

    /// <summary>Runs the steps from <paramref name="index"/> on, then the handler: synchronously as long as each step completes
    /// synchronously, so that no async frame is made for a step that did not wait.</summary>
    /// <remarks>A middleware step continues the route itself (<see cref="RouteStep.Middleware"/>); a step that waits resumes
    /// it from the next step in one async frame. A step that answered the request (a 429, a middleware that wrote) ends it.</remarks>
    internal ValueTask ContinueAsync(RequestContext root, IRequestContext context, int index)
    {
        if (index > 0 && root.Res.HasStarted)
        {
            return default;
        }

        for (; index < _steps.Length; index++)
        {
            var step = _steps[index];
            if (step.ReadsBody)
            {
                var read = root.ReadBodyAsync(MaxBodyBytes ?? root.Settings.MaxBodyBytes);
                if (!read.IsCompletedSuccessfully)
                {
                    return BodyReadAsync(read, root, context, index + 1);
                }

                if (!read.Result)
                {
                    return default;
                }

                continue;
            }

            if (step.Middleware is { } middleware)
            {
                return middleware(context, this, root, index + 1);
            }

            if (step.Guard is { } guard)
            {
                var allowed = guard(context);
                if (!allowed.IsCompletedSuccessfully)
                {
                    return GuardedAsync(allowed, root, context, index + 1);
                }

                if (!allowed.Result)
                {
                    ErrorRenderer.WriteForbidden(root.Res);
                    return default;
                }
            }
            else if (step.RateLimit is { } policy)
            {
                // A policy sees what the middleware produced (Authenticated<...> partitions per user), typed steps or not.
                var acquired = root.Settings.RateLimits.AcquireAsync(policy, context is ITypedContext typed ? typed.Base : context, root.RequestAborted);
                if (!acquired.IsCompletedSuccessfully)
                {
                    return AcquiredAsync(acquired, root, context, index + 1);
                }

                acquired.GetAwaiter().GetResult();
            }

            if (root.Res.HasStarted)
            {
                return default;
            }
        }

        return _handler(context);
    }

    private async ValueTask BodyReadAsync(ValueTask<bool> read, RequestContext root, IRequestContext context, int next)
    {
        if (await read.ConfigureAwait(false))
        {
            await ContinueAsync(root, context, next).ConfigureAwait(false);
        }
    }

    private async ValueTask GuardedAsync(ValueTask<bool> allowed, RequestContext root, IRequestContext context, int next)
    {
        if (!await allowed.ConfigureAwait(false))
        {
            ErrorRenderer.WriteForbidden(root.Res);
            return;
        }

        await ContinueAsync(root, context, next).ConfigureAwait(false);
    }

    private async ValueTask AcquiredAsync(ValueTask acquired, RequestContext root, IRequestContext context, int next)
    {
        await acquired.ConfigureAwait(false);
        await ContinueAsync(root, context, next).ConfigureAwait(false);
    }
}
