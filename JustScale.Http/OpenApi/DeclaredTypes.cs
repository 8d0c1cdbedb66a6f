using System.Text.Json.Serialization.Metadata;
using JustScale.Http.Json;
using Microsoft.AspNetCore.Routing;

namespace JustScale.Http.OpenApi;

/// <summary>Knows the types JustScale routes declare (bodies, queries, parameters, responses) and the types they contain, for <see cref="WireSchemaTransformer"/>.</summary>
/// <remarks>Collected once, at the first document, from the endpoints' declarations; a host's own types are not in it.</remarks>
internal sealed class DeclaredTypes(EndpointDataSource endpoints)
{
    private HashSet<Type>? _types;

    /// <summary>Gets whether a type is declared by a JustScale route or reachable from one.</summary>
    public bool Contains(Type type) => (_types ??= Collect()).Contains(type); // a race collects twice, identically

    private HashSet<Type> Collect()
    {
        var types = new HashSet<Type>();
        var pending = new Stack<Type>();
        foreach (var endpoint in endpoints.Endpoints.Where(e => e.Metadata.GetMetadata<JustScaleRouteMetadata>() is not null))
        {
            foreach (var item in endpoint.Metadata)
            {
                if (item switch
                {
                    BodyDeclaration body => body.Type,
                    QueryDeclaration query => query.Type,
                    ParamsDeclaration parameters => parameters.Type,
                    ResponseDeclaration response => response.Type,
                    _ => null,
                } is { } declared)
                {
                    pending.Push(declared);
                }
            }
        }

        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!types.Add(type) || type.IsPrimitive || type == typeof(string))
            {
                continue;
            }

            var info = HttpJson.WriteOptions.GetTypeInfo(type);
            if (info.ElementType is { } element)
            {
                pending.Push(element);
            }

            if (info.Kind == JsonTypeInfoKind.Object)
            {
                foreach (var property in info.Properties)
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        return types;
    }
}
