using System.Text.Json;

namespace JustScale.Cli;

/// <summary>Writes a result as indented JSON with camelCase names (the admin API's field names).</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the value and a newline.</summary>
    public static Task WriteAsync(TextWriter output, object value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Options));
}
