using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scheme = JustScale.Http.OpenApiSecurityScheme;

namespace JustScale.Http.OpenApi;

/// <summary>Adds what ApiExplorer cannot carry to the host's OpenAPI document: the cluster's security schemes and, on each JustScale operation, its security requirement.</summary>
/// <remarks>
/// Microsoft.AspNetCore.OpenApi's own extension point: a document transformer lists every <see cref="Scheme"/> of the
/// cluster (<c>bearerAuth</c>, <c>sessionCookie</c>) under <c>components.securitySchemes</c>; an operation transformer turns
/// a route's <see cref="OpenApiSecurityAttribute"/> (from <c>.Use(Auth)</c>) into the operation's <c>security</c>, any one
/// scheme being enough, lists what its guards require (<c>x-justscale-requires</c>) and gives a 429 its <c>Retry-After</c> header.
/// </remarks>
internal static class RouteTransformers
{
    /// <summary>Adds the cluster's schemes to <c>components.securitySchemes</c>.</summary>
    public static Task AddSchemesAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var scheme in Schemes(context.ApplicationServices).Values)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[scheme.SchemeName] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = scheme.Type == "http" ? SecuritySchemeType.Http : SecuritySchemeType.ApiKey,
                Scheme = scheme.Scheme,
                BearerFormat = scheme.BearerFormat,
                In = scheme.In switch
                {
                    "header" => ParameterLocation.Header,
                    "query" => ParameterLocation.Query,
                    "cookie" => ParameterLocation.Cookie,
                    _ => null,
                },
                Name = scheme.ParameterName,
                Description = scheme.Description,
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds the security requirement of a JustScale operation whose middleware declares one, its guards' requirements, and a 429's Retry-After header.</summary>
    public static Task AddRequirementsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<JustScaleRouteMetadata>().Any())
        {
            return Task.CompletedTask;
        }

        if (operation.Responses?.TryGetValue("429", out var tooMany) == true && tooMany is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.OrdinalIgnoreCase);
            response.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        if (metadata.OfType<GuardRequirement>().Select(r => (JsonNode?)r.Text).ToArray() is { Length: > 0 } requirements)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions["x-justscale-requires"] = new JsonNodeExtension(new JsonArray(requirements)); // roles, permissions
        }

        if (metadata.OfType<OpenApiSecurityAttribute>().LastOrDefault() is not { } security)
        {
            return Task.CompletedTask;
        }

        // A scheme the cluster does not have (the cookie one when the cookie transport is off) is left out.
        var known = Schemes(context.ApplicationServices);
        var names = security.Schemes.Where(known.ContainsKey).ToList();
        if (names.Count == 0)
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        foreach (var name in names)
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] });
        }

        if (security.Optional)
        {
            operation.Security.Add(new OpenApiSecurityRequirement()); // {}: anonymous is accepted too
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, Scheme> Schemes(IServiceProvider services) =>
        services.GetServices<Scheme>().DistinctBy(s => s.SchemeName, StringComparer.Ordinal).ToDictionary(s => s.SchemeName, StringComparer.Ordinal);
}
