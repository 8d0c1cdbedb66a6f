using JustScale.Http.Dependencies;
using Microsoft.AspNetCore.Http;

namespace JustScale.Http.Hosting;

/// <summary>Serves one route: reads and checks the body, runs the cluster middleware and the route, renders errors, answers 204 when nothing was written.</summary>
/// <remarks>Built once per route when the server starts; its <see cref="InvokeAsync"/> is the endpoint's request delegate.</remarks>
internal sealed class RouteRunner(RouteDefinition route, string display, ServerSettings settings, RouteServices injected)
{
    /// <summary>Gets the route as logged: method and template (<c>GET /users/{userId}</c>).</summary>
    public string Display { get; } = display;

    /// <summary>Handles one request.</summary>
    /// <remarks>A body on a route that accepts none is refused with 413 before a byte of it is read, and one not declared as
    /// JSON with 415; the body itself is read later, where the route first needs it (after <c>.Use(Auth)</c>).</remarks>
    public Task InvokeAsync(HttpContext http)
    {
        var response = new Response(http);
        if (RequestBodyReader.HasBody(http))
        {
            if (!route.AcceptsBody)
            {
                settings.Renderer.WriteBodyNotAllowed(response, Display);
                return Task.CompletedTask;
            }

            if (!RequestBodyReader.IsJsonMediaType(http.Request.ContentType))
            {
                // Before a byte of the body is read: a form or text/plain body never reaches the route.
                settings.Renderer.WriteUnsupportedMediaType(response, Display);
                return Task.CompletedTask;
            }
        }

        return Run(new RequestContext(http, response, settings, Display, injected) { Origin = RouteRequests.Enter(http) });
    }

    private Task Run(RequestContext context)
    {
        ValueTask pending;
        try
        {
            pending = settings.Middleware.Length == 0 ? route.ExecuteAsync(context) : RunMiddleware(context, 0);
        }
        catch (Exception ex)
        {
            Fail(context, ex);
            return Task.CompletedTask;
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            Complete(context);
            return Task.CompletedTask;
        }

        return AwaitAsync(pending, context);
    }

    private async Task AwaitAsync(ValueTask pending, RequestContext context)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(context, ex);
            return;
        }

        Complete(context);
    }

    private ValueTask RunMiddleware(RequestContext context, int index)
    {
        var middleware = settings.Middleware;
        return index == middleware.Length
            ? route.ExecuteAsync(context)
            : middleware[index](context, () => RunMiddleware(context, index + 1));
    }

    private void Fail(RequestContext context, Exception exception)
    {
        settings.Renderer.Write(context.Res, context.HttpContext, exception, Display);
        Complete(context);
    }

    private static void Complete(RequestContext context)
    {
        context.Res.CompleteUnwritten();
        context.ReleaseBody();
        context.Origin?.Clear();
    }
}
