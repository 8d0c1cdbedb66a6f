using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace JustScale.Http.Json;

/// <summary>Binds a buffered, syntax-checked JSON body to a type and checks its rules, turning failures into field errors.</summary>
/// <remarks>Required members: see <see cref="BodyContract"/>; DataAnnotations rules: see <see cref="BodyValidator"/>.</remarks>
internal static class BodyBinder
{
    private const string Root = "$";

    /// <summary>Gets the body a request without one binds like.</summary>
    public static ReadOnlySpan<byte> EmptyObject => "{}"u8;

    /// <summary>Binds the JSON to <typeparamref name="T"/> and validates it, or throws <see cref="BodyValidationException"/>.</summary>
    public static T Bind<T>(ReadOnlySpan<byte> json)
    {
        T? value;
        try
        {
            value = HttpJson.Deserialize<T>(json);
        }
        catch (JsonException ex)
        {
            throw new BodyValidationException(Describe(HttpJson.ReadTypeInfo<T>(), ex.Path, json));
        }

        if (value is null)
        {
            throw new BodyValidationException(Root, "The body must not be null.");
        }

        return BodyValidator.Validate(value) is { } invalid ? throw new BodyValidationException(invalid) : value;
    }

    private static Dictionary<string, string[]> Describe(JsonTypeInfo type, string? path, ReadOnlySpan<byte> json)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var field = FieldOf(path);
        var members = type.Kind == JsonTypeInfoKind.Object ? TopLevelMembers(json) : null;
        if (type.Kind == JsonTypeInfoKind.Object && members is null)
        {
            errors[Root] = ["The body must be a JSON object."];
            return errors;
        }

        // A missing required member is reported at the object that lacks it: the body ($) or a nested object (address).
        if (members is not null && Nested(type, json, field) is ({ } objectType, { } objectMembers, var prefix))
        {
            foreach (var property in objectType.Properties.Where(p => p.IsRequired && !objectMembers.ContainsKey(p.Name)))
            {
                errors[prefix + property.Name] = [$"The {property.Name} field is required."];
            }
        }

        if (errors.Count == 0)
        {
            errors[field] = [Explain(type, field, members)];
        }

        return errors;
    }

    /// <summary>Finds the object at a dotted path of plain member names, with its contract and members; nulls when there is none.</summary>
    private static (JsonTypeInfo? Type, Dictionary<string, JsonTokenType>? Members, string Prefix) Nested(JsonTypeInfo type, ReadOnlySpan<byte> json, string field)
    {
        if (field == Root)
        {
            return (type, TopLevelMembers(json), string.Empty);
        }

        if (field.Contains('[', StringComparison.Ordinal) || field.Contains('\'', StringComparison.Ordinal))
        {
            return (null, null, field);
        }

        using var document = JsonDocument.Parse(json.ToArray());
        var element = document.RootElement;
        var current = type;
        foreach (var name in field.Split('.'))
        {
            var property = current.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            var found = element.ValueKind == JsonValueKind.Object
                ? element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                : default;
            if (property is null || found.Value.ValueKind != JsonValueKind.Object)
            {
                return (null, null, field);
            }

            element = found.Value;
            current = current.Options.GetTypeInfo(property.PropertyType);
        }

        if (current.Kind != JsonTypeInfoKind.Object)
        {
            return (null, null, field);
        }

        var members = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? JsonTokenType.Null : JsonTokenType.None, StringComparer.OrdinalIgnoreCase);
        return (current, members, field + ".");
    }

    private static string Explain(JsonTypeInfo type, string field, Dictionary<string, JsonTokenType>? members)
    {
        var property = field == Root ? null : type.Properties.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        return field == Root ? "The body does not have the expected shape."
            : property is null ? $"The {field} field is not valid."
            : members is not null && members.TryGetValue(property.Name, out var token) && token == JsonTokenType.Null ? $"The {property.Name} field is required."
            : $"The {property.Name} field must be {Expected(property.PropertyType)}.";
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? "a string" : Type.GetTypeCode(type) switch
        {
            TypeCode.String => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.DateTime => "an ISO-8601 date string",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "an integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            _ when type == typeof(Guid) => "a UUID string",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateOnly) => "an ISO-8601 date string",
            _ => typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "an array" : "an object",
        };
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == Root ? Root
        : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>Lists the top-level member names with their token types, or null when the JSON is not an object.</summary>
    private static Dictionary<string, JsonTokenType>? TopLevelMembers(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var members = new Dictionary<string, JsonTokenType>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString() ?? string.Empty;
            reader.Read();
            members[name] = reader.TokenType;
            reader.Skip();
        }

        return members;
    }
}
