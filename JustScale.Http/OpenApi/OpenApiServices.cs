using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JustScale.Http.OpenApi;

/// <summary>Registers what puts JustScale routes into the host's OpenAPI documents (<c>builder.Services.AddOpenApi()</c>).</summary>
internal static class OpenApiServices
{
    /// <summary>Adds the API description provider of JustScale routes and, for every OpenAPI document, JustScale's transformers.</summary>
    /// <remarks>Harmless without <c>AddOpenApi()</c>: nothing asks for API descriptions or reads the options then.</remarks>
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, JustScaleApiDescriptionProvider>());
        services.TryAddSingleton<DeclaredTypes>();
        services.ConfigureAll<OpenApiOptions>(options =>
        {
            options.AddDocumentTransformer(RouteTransformers.AddSchemesAsync);
            options.AddOperationTransformer(RouteTransformers.AddRequirementsAsync);
            options.AddSchemaTransformer(WireSchemaTransformer.TransformAsync);
        });
    }
}
