using System.Text.Json;

namespace JustScale.Core;

/// <summary>Holds the System.Text.Json options every store uses for JSON fields, so both stores read back the same value.</summary>
internal static class JsonColumn
{
    /// <summary>Gets the options: the web defaults (camelCase names, numbers as JSON numbers).</summary>
    public static JsonSerializerOptions Options { get; } = JsonSerializerOptions.Web;
}
