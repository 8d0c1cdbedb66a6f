using System.Text;

namespace JustScale.Auth;

/// <summary>Writes header values: RFC 2047 encoded-words for non-ASCII text, folded to keep lines short (RFC 5322).</summary>
internal static class EncodedWords
{
    // 36 bytes -> 48 base64 characters -> a 60-character encoded-word, so "Subject: " plus one word stays under 76.
    private const int BytesPerWord = 36;
    private const int MaxLineLength = 78;

    /// <summary>Returns the value as it goes after "<paramref name="name"/>: ", encoded and folded when needed.</summary>
    public static string Header(string name, string value) =>
        NeedsEncoding(value) ? Encode(value) : Fold(name.Length + 2, value);

    /// <summary>Returns whether the value has a character that a plain header cannot carry (or that a reader would decode).</summary>
    public static bool NeedsEncoding(string value) =>
        value.Contains("=?", StringComparison.Ordinal) || value.Any(c => c is < ' ' or > '~');

    /// <summary>Returns the value as base64 encoded-words, each a whole number of UTF-8 characters, joined by folding whitespace.</summary>
    public static string Encode(string value)
    {
        var words = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(value);
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Math.Min(start + BytesPerWord, bytes.Length);
            // Never split a UTF-8 sequence: back up while the next byte is a continuation byte (10xxxxxx).
            while (end < bytes.Length && (bytes[end] & 0xC0) == 0x80)
            {
                end--;
            }

            words.Add($"=?utf-8?B?{Convert.ToBase64String(bytes, start, end - start)}?=");
            start = end;
        }

        return string.Join("\r\n ", words);
    }

    // Folds a plain ASCII value before a space once a line would pass 78 characters; unfolding restores it exactly.
    private static string Fold(int used, string value)
    {
        var output = new StringBuilder(value.Length + 8);
        var lineLength = used;
        var position = 0;
        while (position < value.Length)
        {
            var next = value.IndexOf(' ', position + 1);
            var end = next < 0 ? value.Length : next;
            if (lineLength + (end - position) > MaxLineLength && position > 0 && value[position] == ' ' && end - position > 1 && lineLength > 1)
            {
                output.Append("\r\n");
                lineLength = 0;
            }

            output.Append(value, position, end - position);
            lineLength += end - position;
            position = end;
        }

        return output.ToString();
    }
}
