using System.Globalization;

namespace JustScale.Cli;

/// <summary>Writes rows as a plain text table: a header, columns padded to their widest cell, two spaces between.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row (null cells print as "-").</summary>
    public TextTable Add(params object?[] cells)
    {
        _rows.Add([.. cells.Select(Format)]);
        return this;
    }

    /// <summary>Writes the table.</summary>
    public async Task WriteAsync(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(Line(headers, widths)).ConfigureAwait(false);
        foreach (var row in _rows)
        {
            await output.WriteLineAsync(Line(row, widths)).ConfigureAwait(false);
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Format(object? value) => value switch
    {
        null => "-",
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        string { Length: 0 } => "-",
        _ => Clean(value.ToString() ?? "-"),
    };

    // A user agent or a name is user input: no control characters reach the terminal.
    private static string Clean(string text) => text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;
}
