using System.Text.Json.Serialization.Metadata;
using JustScale.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace JustScale.Http.OpenApi;

/// <summary>Describes JustScale routes to ApiExplorer, so that the host's OpenAPI document (<c>AddOpenApi()</c>) lists them.</summary>
/// <remarks>
/// ASP.NET Core's <c>EndpointMetadataApiDescriptionProvider</c> describes only endpoints that carry their handler's
/// <see cref="System.Reflection.MethodInfo"/> and reads parameters from its signature; a JustScale route is one compiled
/// <see cref="RequestDelegate"/> whose parameters are declared by <c>.Params&lt;T&gt;()</c>, <c>.Query&lt;T&gt;()</c> and
/// <c>.Body&lt;T&gt;()</c>. This provider reads those declarations and the standard metadata of
/// <see cref="EndpointDescriptions"/> (<see cref="IProducesResponseTypeMetadata"/>, <see cref="IExcludeFromDescriptionMetadata"/>) from
/// the endpoints themselves, named as the wire names them (camelCase query members); docs/design/openapi.md says why.
/// </remarks>
internal sealed class JustScaleApiDescriptionProvider(EndpointDataSource endpoints) : IApiDescriptionProvider
{
    private static readonly EmptyModelMetadataProvider ModelMetadata = new();

    /// <summary>Gets the order: with ASP.NET Core's endpoint provider (-1100), before MVC's (-1000).</summary>
    public int Order => -1100;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (endpoint is RouteEndpoint route
                && route.Metadata.GetMetadata<JustScaleRouteMetadata>() is { } justScale
                && route.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods
                && route.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            {
                // A GET route answers HEAD too; the document lists the GET.
                context.Results.Add(Describe(route, justScale, methods.HttpMethods[0]));
            }
        }
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
    }

    private static ApiDescription Describe(RouteEndpoint endpoint, JustScaleRouteMetadata route, string method)
    {
        var metadata = endpoint.Metadata;
        var description = new ApiDescription
        {
            HttpMethod = method,
            GroupName = metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName,
            RelativePath = endpoint.RoutePattern.RawText?.TrimStart('/'),
            ActionDescriptor = new ActionDescriptor
            {
                DisplayName = endpoint.DisplayName,
                RouteValues = { ["controller"] = route.Group },
                EndpointMetadata = [.. metadata],
            },
        };

        var members = metadata.OfType<ParamsDeclaration>().LastOrDefault() is { } declared ? Members(declared.Type) : [];
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            var type = members.FirstOrDefault(m => string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase))?.PropertyType ?? typeof(string);
            description.ParameterDescriptions.Add(Parameter(parameter.Name, type, BindingSource.Path, required: true));
        }

        if (metadata.OfType<QueryDeclaration>().LastOrDefault() is { } query)
        {
            foreach (var member in Members(query.Type))
            {
                description.ParameterDescriptions.Add(Parameter(member.Name, member.PropertyType, BindingSource.Query, member.IsRequired));
            }
        }

        if (metadata.OfType<BodyDeclaration>().LastOrDefault() is { } body)
        {
            description.ParameterDescriptions.Add(Parameter("body", body.Type, BindingSource.Body, required: true));
            description.SupportedRequestFormats.Add(new ApiRequestFormat { MediaType = "application/json" });
        }

        foreach (var produces in metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            var response = new ApiResponseType { StatusCode = produces.StatusCode, Type = produces.Type, Description = produces.Description };
            foreach (var contentType in produces.ContentTypes)
            {
                response.ApiResponseFormats.Add(new ApiResponseFormat { MediaType = contentType });
            }

            description.SupportedResponseTypes.Add(response);
        }

        return description;
    }

    // Members as the binder names them: the JSON names of the read options (camelCase), required as the binder enforces.
    private static IList<JsonPropertyInfo> Members(Type type) =>
        HttpJson.ReadOptions.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } info ? info.Properties : [];

    private static ApiParameterDescription Parameter(string name, Type type, BindingSource source, bool required) => new()
    {
        Name = name,
        Type = type,
        Source = source,
        IsRequired = required,
        ModelMetadata = ModelMetadata.GetMetadataForType(type),
        ParameterDescriptor = new ParameterDescriptor { Name = name, ParameterType = type },
    };
}
