using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using JustScale.Http.Json;

namespace JustScale.Http.OpenApi;

/// <summary>Makes JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses) of request and response types with System.Text.Json's exporter.</summary>
/// <remarks>
/// Request types are described with the options that bind them (so <c>required</c> is exactly what the binder enforces),
/// responses with the options that write them; both camelCase. DataAnnotations rules become <c>minLength</c>,
/// <c>maxLength</c>, <c>minimum</c>, <c>maximum</c>, <c>pattern</c> and <c>format: email</c>.
/// </remarks>
internal static class OpenApiSchemas
{
    private static readonly JsonSchemaExporterOptions RequestExporter = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = (context, schema) => AddRules(context, RequiredAsBound(context, DateTimes(context, schema))),
    };

    private static readonly JsonSchemaExporterOptions ResponseExporter = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = (context, schema) => AddRules(context, DateTimes(context, schema)),
    };

    /// <summary>Describes a request body, query or parameters type.</summary>
    public static JsonNode ForRequest(Type type) => HttpJson.ReadOptions.GetJsonSchemaAsNode(type, RequestExporter);

    /// <summary>Describes a response type.</summary>
    public static JsonNode ForResponse(Type type) => HttpJson.WriteOptions.GetJsonSchemaAsNode(type, ResponseExporter);

    // The exporter lists every positional parameter without a default; the binder requires exactly the IsRequired members
    // (a nullable positional parameter is optional), so the schema says what the binder does.
    private static JsonNode RequiredAsBound(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && schema is JsonObject node && node.ContainsKey("properties"))
        {
            var required = context.TypeInfo.Properties.Where(p => p.IsRequired).Select(p => (JsonNode?)p.Name).ToArray();
            node.Remove("required");
            if (required.Length > 0)
            {
                node["required"] = new JsonArray(required);
            }
        }

        return schema;
    }

    // The UTC date converters (Json/UtcDateTimeOffsetConverter) hide the type from the exporter, which then writes `true`
    // (any value); say what they read and write: an ISO 8601 date-time string.
    private static JsonNode DateTimes(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = context.TypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying != typeof(DateTimeOffset) && underlying != typeof(DateTime) || schema is JsonObject { Count: > 0 })
        {
            return schema;
        }

        return new JsonObject
        {
            ["type"] = nullable ? new JsonArray("string", "null") : "string",
            ["format"] = "date-time",
        };
    }

    /// <summary>Lists the members of a request type: JSON name, whether required, and its schema.</summary>
    public static IEnumerable<(string Name, bool Required, JsonNode Schema)> Members(Type type)
    {
        var info = HttpJson.ReadOptions.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object || ForRequest(type) is not JsonObject { } schema || schema["properties"] is not JsonObject properties)
        {
            yield break;
        }

        foreach (var property in info.Properties)
        {
            if (properties[property.Name] is { } member)
            {
                yield return (property.Name, property.IsRequired, member.DeepClone());
            }
        }
    }

    private static JsonNode AddRules(JsonSchemaExporterContext context, JsonNode schema)
    {
        // Any JSON value (a JsonElement member, such as a WebAuthn credential) is the boolean schema `true`, which OpenAPI 3.1
        // allows but not every reader does: `{}` says the same.
        if (schema.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            schema = new JsonObject();
        }

        if (context.PropertyInfo is not { } property || schema is not JsonObject node)
        {
            return schema;
        }

        var rules = Attributes(property.AttributeProvider).Concat(Attributes(property.AssociatedParameter?.AttributeProvider));
        foreach (var rule in rules)
        {
            switch (rule)
            {
                case StringLengthAttribute length:
                    node["maxLength"] = length.MaximumLength;
                    if (length.MinimumLength > 0)
                    {
                        node["minLength"] = length.MinimumLength;
                    }

                    break;
                case MinLengthAttribute min:
                    node[IsArray(node) ? "minItems" : "minLength"] = min.Length;
                    break;
                case MaxLengthAttribute max when max.Length > 0:
                    node[IsArray(node) ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case RangeAttribute { Minimum: IConvertible minimum, Maximum: IConvertible maximum } when IsNumeric(rule):
                    node["minimum"] = JsonValue.Create(minimum.ToDouble(System.Globalization.CultureInfo.InvariantCulture));
                    node["maximum"] = JsonValue.Create(maximum.ToDouble(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case EmailAddressAttribute:
                    node["format"] = "email";
                    break;
                case UrlAttribute:
                    node["format"] = "uri";
                    break;
                case RegularExpressionAttribute regex:
                    node["pattern"] = regex.Pattern;
                    break;
            }
        }

        return node;
    }

    private static bool IsNumeric(ValidationAttribute rule) =>
        rule is RangeAttribute { OperandType: var type } && (type == typeof(int) || type == typeof(double) || type == typeof(long) || type == typeof(decimal));

    private static bool IsArray(JsonObject node) =>
        node["type"] is JsonValue value ? value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == "array"
        : node["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "array");

    private static IEnumerable<ValidationAttribute> Attributes(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>() ?? [];
}
