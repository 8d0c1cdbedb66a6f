using System.Text.Json;
using System.Text.Json.Serialization;

namespace JustScale.Http.Json;

/// <summary>Reads and writes <see cref="DateTime"/> as ISO-8601 in UTC (<c>2025-01-31T12:00:00Z</c>).</summary>
/// <remarks>A value of unspecified kind is taken to be UTC already; a local one is converted.</remarks>
internal sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ToUtc(reader.GetDateTime());

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToUtc(value));

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
