using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace JustScale.Http.OpenApi;

/// <content>Writes one operation: parameters, request body, responses, security.</content>
internal static partial class OpenApiWriter
{
    private static void WriteOperation(Utf8JsonWriter writer, Operation operation, Dictionary<string, OpenApiSecurityScheme> schemes)
    {
        var route = operation.Route;
        var metadata = route.Metadata;
        writer.WriteStartObject(route.Method.ToLowerInvariant());
        writer.WriteString("operationId", operation.Id);
        if (operation.Tag is { } tag)
        {
            writer.WriteStartArray("tags");
            writer.WriteStringValue(tag);
            writer.WriteEndArray();
        }

        WriteParameters(writer, operation, metadata);
        var body = metadata.OfType<BodyDeclaration>().LastOrDefault();
        if (body is not null)
        {
            writer.WriteStartObject("requestBody");
            writer.WriteBoolean("required", OpenApiSchemas.Members(body.Type).Any(m => m.Required));
            WriteJsonContent(writer, OpenApiSchemas.ForRequest(body.Type));
            writer.WriteEndObject();
        }

        WriteResponses(writer, route, metadata, body is not null);
        WriteSecurity(writer, metadata, schemes);
        if (metadata.OfType<GuardRequirement>().Any())
        {
            writer.WriteStartArray("x-justscale-requires"); // what the guards require: roles, permissions
            foreach (var requirement in metadata.OfType<GuardRequirement>())
            {
                writer.WriteStringValue(requirement.Text);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter writer, Operation operation, IReadOnlyList<object> metadata)
    {
        var typed = metadata.OfType<ParamsDeclaration>().LastOrDefault() is { } declared
            ? OpenApiSchemas.Members(declared.Type).ToDictionary(m => m.Name, m => m.Schema, StringComparer.OrdinalIgnoreCase)
            : [];
        var query = metadata.OfType<QueryDeclaration>().LastOrDefault() is { } q ? OpenApiSchemas.Members(q.Type).ToList() : [];
        if (operation.PathParameters.Length == 0 && query.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("parameters");
        foreach (var name in operation.PathParameters)
        {
            WriteParameter(writer, name, "path", required: true, typed.GetValueOrDefault(name) ?? new JsonObject { ["type"] = "string" });
        }

        foreach (var (name, required, schema) in query)
        {
            WriteParameter(writer, name, "query", required, schema);
        }

        writer.WriteEndArray();
    }

    private static void WriteParameter(Utf8JsonWriter writer, string name, string location, bool required, JsonNode schema)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("in", location);
        writer.WriteBoolean("required", required);
        writer.WritePropertyName("schema");
        schema.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteResponses(Utf8JsonWriter writer, RouteDefinition route, IReadOnlyList<object> metadata, bool hasBody)
    {
        // Declared responses first; the ones the steps imply are added where the route did not declare that status.
        var responses = new SortedDictionary<int, (string Description, JsonNode? Schema)>();
        foreach (var declared in metadata.OfType<ResponseDeclaration>())
        {
            // An error status declared without a type answers the wire format's {"error", "code"}.
            responses[declared.StatusCode] = (declared.Description ?? Reason(declared.StatusCode), declared.Type is not null
                ? OpenApiSchemas.ForResponse(declared.Type)
                : declared.StatusCode >= 400 ? new JsonObject { ["$ref"] = ErrorRef } : null);
        }

        void Implied(int status, string description, string schema) =>
            responses.TryAdd(status, (description, new JsonObject { ["$ref"] = schema }));

        if (hasBody || metadata.Any(m => m is QueryDeclaration or ParamsDeclaration))
        {
            Implied(400, "The request does not fit what the route declares (fields), or is not valid JSON.", ValidationErrorRef);
        }

        if (hasBody)
        {
            Implied(413, "The body is larger than the route accepts.", ErrorRef);
            Implied(415, "The body is not declared as JSON.", ErrorRef);
        }

        foreach (var response in metadata.OfType<OpenApiResponseAttribute>())
        {
            Implied(response.StatusCode, response.Description, ErrorRef);
        }

        if (metadata.OfType<GuardRequirement>().Select(r => r.Text).ToList() is { Count: > 0 } requirements)
        {
            Implied(403, $"A guard refused the request. Requires: {string.Join("; ", requirements)}.", ErrorRef);
        }

        if (route.HasGuard)
        {
            Implied(403, "A guard refused the request.", ErrorRef);
        }

        if (route.RateLimitPolicies.Any())
        {
            Implied(429, "Too many requests; retry after the Retry-After header's seconds.", ErrorRef);
        }

        writer.WriteStartObject("responses");
        if (!metadata.OfType<ResponseDeclaration>().Any())
        {
            writer.WriteStartObject("default");
            writer.WriteString("description", "Not declared on the route (see .Returns<T>()).");
            writer.WriteEndObject();
        }

        foreach (var (status, (description, schema)) in responses)
        {
            writer.WriteStartObject(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("description", description);
            if (status == 429)
            {
                writer.WriteStartObject("headers");
                writer.WriteStartObject("Retry-After");
                writer.WriteString("description", "Seconds to wait before retrying.");
                writer.WriteStartObject("schema");
                writer.WriteString("type", "integer");
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            if (schema is not null && status != 204)
            {
                WriteJsonContent(writer, schema);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteSecurity(Utf8JsonWriter writer, IReadOnlyList<object> metadata, Dictionary<string, OpenApiSecurityScheme> schemes)
    {
        if (metadata.OfType<OpenApiSecurityAttribute>().LastOrDefault() is not { } security)
        {
            return;
        }

        var names = security.Schemes.Where(schemes.ContainsKey).ToList();
        if (names.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("security");
        foreach (var name in names)
        {
            writer.WriteStartObject();
            writer.WriteStartArray(name);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (security.Optional)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteJsonContent(Utf8JsonWriter writer, JsonNode schema)
    {
        writer.WriteStartObject("content");
        writer.WriteStartObject("application/json");
        writer.WritePropertyName("schema");
        schema.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Reason(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"Status {status}";
}
