using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JustScale.Http.Json;

/// <summary>Binds query string (or route) values to a type through the body's JSON contract, so requiredness, types and rules are the body's.</summary>
/// <remarks>
/// Each member of the type is looked up by its JSON name, case-insensitively; unknown keys are ignored. A
/// number member takes a number (<c>?limit=abc</c> is "must be an integer"), a bool <c>true</c>/<c>false</c>, a collection every
/// value of the key (<c>?tag=a&amp;tag=b</c>), anything else the string. An empty value counts as absent for non-strings.
/// </remarks>
internal static class QueryBinder
{
    /// <summary>Binds the query to <typeparamref name="T"/>, or throws <see cref="QueryValidationException"/>.</summary>
    public static T Bind<T>(IQueryCollection query) => Bind<T>(name => query.TryGetValue(name, out var values) ? [.. values.OfType<string>()] : null);

    /// <summary>Binds route values to <typeparamref name="T"/>, or throws <see cref="QueryValidationException"/> (code <c>invalid_params</c>).</summary>
    public static T BindRoute<T>(RouteValueDictionary values)
    {
        try
        {
            return Bind<T>(name => values.TryGetValue(name, out var value) && value is not null // RouteValueDictionary ignores case
                ? [Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty]
                : null);
        }
        catch (QueryValidationException invalid)
        {
            throw QueryValidationException.ForRoute(invalid.Errors);
        }
    }

    private static T Bind<T>(Func<string, string[]?> lookup)
    {
        var type = HttpJson.ReadTypeInfo<T>();
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            throw new InvalidOperationException($"{typeof(T).Name} cannot bind a query string: use a class or record with properties.");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in type.Properties)
            {
                if (lookup(property.Name) is { Length: > 0 } values)
                {
                    Write(writer, property.Name, property.PropertyType, values);
                }
            }

            writer.WriteEndObject();
        }

        try
        {
            return BodyBinder.Bind<T>(buffer.WrittenSpan);
        }
        catch (BodyValidationException invalid)
        {
            throw new QueryValidationException(invalid.Errors);
        }
    }

    private static void Write(Utf8JsonWriter writer, string name, Type type, string[] values)
    {
        if (ElementOf(type) is not { } element)
        {
            if (values[^1].Length > 0 || type == typeof(string)) // a blank value of a non-string member is left unset
            {
                writer.WritePropertyName(name);
                WriteValue(writer, type, values[^1]);
            }

            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            WriteValue(writer, element, value);
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsNumber(type))
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                writer.WriteNumberValue(integer);
                return;
            }

            if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
            {
                writer.WriteNumberValue(number);
                return;
            }
        }
        else if (type == typeof(bool) && bool.TryParse(value, out var flag))
        {
            writer.WriteBooleanValue(flag);
            return;
        }

        writer.WriteStringValue(value); // the binder reports a wrong type by the member's name
    }

    // The integer and floating-point types: SByte through Decimal (an enum has its underlying type's code).
    private static bool IsNumber(Type type) => !type.IsEnum && Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.Decimal;

    private static Type? ElementOf(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element
        : null;
}
