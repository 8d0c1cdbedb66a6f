using System.Text.Json;

namespace JustScale.Http.OpenApi;

/// <content>Writes the components: the two error bodies of the wire format and the security schemes.</content>
internal static partial class OpenApiWriter
{
    private static void WriteComponents(Utf8JsonWriter writer, IEnumerable<OpenApiSecurityScheme> schemes)
    {
        writer.WriteStartObject("components");
        writer.WriteStartObject("schemas");

        // {"error": "...", "code": "..."}: every error JustScale answers.
        writer.WriteStartObject("Error");
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        WriteStringProperty(writer, "error");
        WriteStringProperty(writer, "code");
        writer.WriteEndObject();
        WriteRequired(writer, "error");
        writer.WriteEndObject();

        // {"error": "...", "code": "invalid_body", "fields": {"email": ["..."]}}: a body, query or parameters that do not fit.
        writer.WriteStartObject("ValidationError");
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        WriteStringProperty(writer, "error");
        WriteStringProperty(writer, "code");
        writer.WriteStartObject("fields");
        writer.WriteString("type", "object");
        writer.WriteStartObject("additionalProperties");
        writer.WriteString("type", "array");
        writer.WriteStartObject("items");
        writer.WriteString("type", "string");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        WriteRequired(writer, "error");
        writer.WriteEndObject();

        writer.WriteEndObject();
        writer.WriteStartObject("securitySchemes");
        foreach (var scheme in schemes)
        {
            writer.WriteStartObject(scheme.SchemeName);
            writer.WriteString("type", scheme.Type);
            WriteIfSet(writer, "scheme", scheme.Scheme);
            WriteIfSet(writer, "bearerFormat", scheme.BearerFormat);
            WriteIfSet(writer, "in", scheme.In);
            WriteIfSet(writer, "name", scheme.ParameterName);
            WriteIfSet(writer, "description", scheme.Description);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteStringProperty(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type", "string");
        writer.WriteEndObject();
    }

    private static void WriteRequired(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartArray("required");
        writer.WriteStringValue(name);
        writer.WriteEndArray();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
