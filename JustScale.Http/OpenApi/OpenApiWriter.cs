using System.Buffers;
using System.Text.Json;
using JustScale.Http.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace JustScale.Http.OpenApi;

/// <summary>Writes an OpenAPI 3.1 document from the controllers' routes and what their steps declare.</summary>
/// <remarks>
/// Paths come from the patterns (<c>/users/:userId</c> is <c>/users/{userId}</c>), parameters from the path and the
/// <c>.Query&lt;T&gt;()</c> / <c>.Params&lt;T&gt;()</c> types, the request body from <c>.Body&lt;T&gt;()</c>, responses from
/// <c>.Returns</c> and from the steps: 400/413/415 where a body is declared, 400 for a declared query, 403 for a guard,
/// 429 for a rate limit, and whatever a middleware's <see cref="OpenApiResponseAttribute"/> says (401 for <c>Auth</c>).
/// </remarks>
internal static partial class OpenApiWriter
{
    private const string ErrorRef = "#/components/schemas/Error";
    private const string ValidationErrorRef = "#/components/schemas/ValidationError";

    /// <summary>Writes the document as indented UTF-8 JSON.</summary>
    public static byte[] Write(IEnumerable<ControllerRoutes> controllers, IEnumerable<OpenApiSecurityScheme> schemes, OpenApiDocumentOptions options)
    {
        var known = new Dictionary<string, OpenApiSecurityScheme>(StringComparer.Ordinal);
        foreach (var scheme in schemes)
        {
            known.TryAdd(scheme.SchemeName, scheme);
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("openapi", "3.1.1");
            WriteInfo(writer, options);
            WritePaths(writer, controllers, known);
            WriteComponents(writer, known.Values);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteInfo(Utf8JsonWriter writer, OpenApiDocumentOptions options)
    {
        writer.WriteStartObject("info");
        writer.WriteString("title", options.Title);
        writer.WriteString("version", options.Version);
        if (options.Description is { } description)
        {
            writer.WriteString("description", description);
        }

        writer.WriteEndObject();
        if (options.Servers.Count > 0)
        {
            writer.WriteStartArray("servers");
            foreach (var url in options.Servers)
            {
                writer.WriteStartObject();
                writer.WriteString("url", url);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }

    private static void WritePaths(Utf8JsonWriter writer, IEnumerable<ControllerRoutes> controllers, Dictionary<string, OpenApiSecurityScheme> schemes)
    {
        // One path item per path, its operations in declaration order; operation ids unique across controllers.
        var paths = new Dictionary<string, List<Operation>>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var controller in controllers)
        {
            var tag = Tag(controller.Prefix);
            foreach (var (name, route) in controller.Routes)
            {
                if (route.Metadata.OfType<HiddenDeclaration>().Any())
                {
                    continue;
                }

                var pattern = RoutePath.ToPattern(controller.Prefix, route.Path);
                var path = PathOf(pattern);
                var id = ids.Add(name) ? name : UniqueId(ids, tag is null ? name : $"{tag}_{name}");
                if (!paths.TryGetValue(path, out var operations))
                {
                    paths[path] = operations = [];
                }

                operations.Add(new Operation(route, id, tag, [.. pattern.Parameters.Select(p => p.Name)]));
            }
        }

        writer.WriteStartObject("paths");
        foreach (var (path, operations) in paths)
        {
            writer.WriteStartObject(path);
            foreach (var operation in operations)
            {
                WriteOperation(writer, operation, schemes);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static string UniqueId(HashSet<string> ids, string id)
    {
        var candidate = id;
        for (var n = 2; !ids.Add(candidate); n++)
        {
            candidate = $"{id}{n}";
        }

        return candidate;
    }

    private static string? Tag(string prefix) =>
        prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => !s.StartsWith(':') && !s.StartsWith('{'));

    private static string PathOf(RoutePattern pattern)
    {
        if (pattern.PathSegments.Count == 0)
        {
            return "/";
        }

        return string.Concat(pattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));
    }

    /// <summary>Holds one route to describe, with its id, tag and path parameter names.</summary>
    private sealed record Operation(RouteDefinition Route, string Id, string? Tag, string[] PathParameters);
}
