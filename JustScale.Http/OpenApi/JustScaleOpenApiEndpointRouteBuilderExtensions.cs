using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JustScale.Http;

/// <summary>Serves the OpenAPI document of a hosted cluster's routes (<c>app.MapJustScaleOpenApi()</c>).</summary>
public static class JustScaleOpenApiEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>GET pattern</c> to the OpenAPI 3.1 document of the cluster added with <c>AddJustScale</c>.</summary>
    /// <remarks>The document is generated at the first request, once the cluster has compiled, then served from memory.</remarks>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The document's path; <c>/openapi.json</c> by default.</param>
    /// <param name="configure">Sets the title, version and description.</param>
    /// <returns>The endpoint's builder, for conventions (<c>.RequireCors(...)</c>, <c>.RequireAuthorization()</c>).</returns>
    public static IEndpointConventionBuilder MapJustScaleOpenApi(this IEndpointRouteBuilder endpoints, string pattern = "/openapi.json", Action<OpenApiDocumentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var options = new OpenApiDocumentOptions();
        configure?.Invoke(options);
        byte[]? document = null;
        return endpoints.MapGet(pattern, (HttpContext http) =>
        {
            document ??= OpenApiGenerator.Generate(http.RequestServices, options);
            return Results.Bytes(document, "application/json; charset=utf-8");
        });
    }
}
