using System.Text.Json;
using System.Text.Json.Serialization;

namespace JustScale.Http.Json;

/// <summary>Writes <see cref="DateTimeOffset"/> as ISO-8601 in UTC (<c>2025-01-31T12:00:00Z</c>); reads any offset.</summary>
internal sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime);
}
