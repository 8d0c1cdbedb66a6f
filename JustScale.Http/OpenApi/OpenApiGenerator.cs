using JustScale.Http.OpenApi;
using JustScale.Http.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JustScale.Http;

/// <summary>Makes the OpenAPI 3.1 document of a cluster's routes, and serves it: <c>app.MapJustScaleOpenApi()</c> hosted, <see cref="Controller"/> with Listen.</summary>
/// <remarks>
/// The document is built from what the routes declare (<c>.Body&lt;T&gt;()</c>, <c>.Query&lt;T&gt;()</c>, <c>.Params&lt;T&gt;()</c>,
/// <c>.Returns&lt;T&gt;(status)</c>) and from their steps: guards add 403, rate limits 429, and a middleware marked with
/// <see cref="OpenApiResponseAttribute"/> and <see cref="OpenApiSecurityAttribute"/> (JustScale.Auth's <c>Auth</c>) adds
/// 401 and its security requirement. Schemas are System.Text.Json's (<c>JsonSchemaExporter</c>) with the framework's own
/// camelCase options. It is made once, on first use, and served from memory.
/// </remarks>
public static class OpenApiGenerator
{
    /// <summary>Generates the document of every controller route of a compiled cluster, as indented JSON.</summary>
    /// <param name="services">The cluster's services (<c>cluster.Services</c>, or the host's in the hosted style), after it compiled.</param>
    /// <param name="options">Title, version, description; defaults when null.</param>
    /// <returns>The OpenAPI 3.1 document, UTF-8 JSON.</returns>
    public static byte[] Generate(IServiceProvider services, OpenApiDocumentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return OpenApiWriter.Write(
            services.GetServices<ControllerRoutes>(),
            services.GetServices<OpenApiSecurityScheme>(),
            options ?? new OpenApiDocumentOptions());
    }

    /// <summary>Creates a controller serving the document with <c>GET path</c>, for the <see cref="HttpHost.Listen"/> style: <c>builder.Add(OpenApiGenerator.Controller())</c>.</summary>
    /// <remarks>The route itself is left out of the document.</remarks>
    /// <param name="path">The document's path; <c>/openapi.json</c> by default.</param>
    /// <param name="options">Title, version, description; defaults when null.</param>
    /// <returns>The controller to add to the cluster.</returns>
    public static Controller Controller(string path = "/openapi.json", OpenApiDocumentOptions? options = null)
    {
        byte[]? document = null;
        var route = Routes.Get(path).ExcludeFromDescription().Handle(ctx =>
        {
            document ??= Generate(ctx.Services, options); // a race makes it twice, identically
            ctx.Res.WriteJson(StatusCodes.Status200OK, document);
        });
        return Http.Controller.Create(string.Empty, () => new RouteTable { ["openapi"] = route }).Named("OpenApiController");
    }
}
