using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JustScale.Http.Json;

/// <summary>Holds the JSON settings of the wire format: camelCase names, ISO-8601 UTC dates, strict reading.</summary>
/// <remarks>Type metadata is built once per type and cached in a static generic field, so no request reflects or looks it up.</remarks>
internal static class HttpJson
{
    /// <summary>Gets the options used to write responses (camelCase, UTC dates, nulls written).</summary>
    public static JsonSerializerOptions WriteOptions { get; } = Create(reading: false);

    /// <summary>Gets the options used to bind request bodies (case-insensitive names, nullability and required members enforced).</summary>
    /// <remarks>Which members are required is decided by <see cref="BodyContract.ApplyRequiredMembers"/>: a nullable positional parameter is optional.</remarks>
    public static JsonSerializerOptions ReadOptions { get; } = Create(reading: true);

    /// <summary>Serializes a value with the write options.</summary>
    public static void Serialize<T>(Utf8JsonWriter writer, T value) => JsonSerializer.Serialize(writer, value, Cache<T>.Write);

    /// <summary>Deserializes a value with the read options.</summary>
    public static T? Deserialize<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, Cache<T>.Read);

    /// <summary>Gets the read metadata of a type (for describing binding errors).</summary>
    public static JsonTypeInfo ReadTypeInfo<T>() => Cache<T>.Read;

    private static JsonSerializerOptions Create(bool reading)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = reading,
            TypeInfoResolver = reading
                ? new DefaultJsonTypeInfoResolver { Modifiers = { BodyContract.ApplyRequiredMembers } }
                : new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new UtcDateTimeConverter());
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }

    private static class Cache<T>
    {
        private static JsonTypeInfo<T>? s_write;
        private static JsonTypeInfo<T>? s_read;

        public static JsonTypeInfo<T> Write => s_write ??= (JsonTypeInfo<T>)WriteOptions.GetTypeInfo(typeof(T));

        public static JsonTypeInfo<T> Read => s_read ??= (JsonTypeInfo<T>)ReadOptions.GetTypeInfo(typeof(T));
    }
}
