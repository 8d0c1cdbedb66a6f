using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JustScale.Http.OpenApi;

/// <summary>Registers what puts JustScale routes into the host's OpenAPI documents (<c>builder.Services.AddOpenApi()</c>).</summary>
/// <remarks>
/// JustScale.Http compiles against Microsoft.AspNetCore.OpenApi without depending on it: an app that calls
/// <c>AddOpenApi()</c> references the package itself, and only then are the security transformers added (a method the
/// runtime compiles only when the assembly is there). The API description provider is ApiExplorer's, in the shared framework.
/// </remarks>
internal static class OpenApiServices
{
    /// <summary>Adds the API description provider of JustScale routes and, when the host has Microsoft.AspNetCore.OpenApi, the security transformers of every document.</summary>
    /// <remarks>Harmless without <c>AddOpenApi()</c>: nothing asks for API descriptions then.</remarks>
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, JustScaleApiDescriptionProvider>());
        services.TryAddSingleton<DeclaredTypes>();
        if (Type.GetType("Microsoft.AspNetCore.OpenApi.OpenApiOptions, Microsoft.AspNetCore.OpenApi", throwOnError: false) is not null)
        {
            AddTransformers(services);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddTransformers(IServiceCollection services) => services.ConfigureAll<OpenApiOptions>(options =>
    {
        options.AddDocumentTransformer(RouteTransformers.AddSchemesAsync);
        options.AddOperationTransformer(RouteTransformers.AddRequirementsAsync);
        options.AddSchemaTransformer(WireSchemaTransformer.TransformAsync);
    });
}
