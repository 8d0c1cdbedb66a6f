using System.Text;

namespace JustScale.Auth;

/// <summary>Encodes text as quoted-printable (RFC 2045 section 6.7) over its UTF-8 bytes.</summary>
/// <remarks>
/// Every line break of the text (CRLF, LF or CR) becomes a CRLF hard break; encoded lines are at most 76 characters,
/// continued by soft breaks (<c>=</c> CRLF) that never split an <c>=XX</c> escape. '=', control characters and every
/// non-ASCII byte are escaped; a space or tab at the end of a line is escaped so that no transport can strip it.
/// </remarks>
internal static class QuotedPrintable
{
    private const int MaxLineLength = 76;
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Returns the quoted-printable form of the text, with CRLF line endings and only ASCII characters.</summary>
    public static string Encode(string text)
    {
        var output = new StringBuilder(text.Length + (text.Length / 8));
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                output.Append("\r\n");
            }

            EncodeLine(Encoding.UTF8.GetBytes(lines[i]), output);
        }

        return output.ToString();
    }

    private static void EncodeLine(byte[] bytes, StringBuilder output)
    {
        var lineLength = 0;
        Span<char> token = stackalloc char[3];
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var last = i == bytes.Length - 1;
            var literal = (b is >= 33 and <= 126 && b != '=') || (b is (byte)' ' or (byte)'\t' && !last);
            int length;
            if (literal)
            {
                token[0] = (char)b;
                length = 1;
            }
            else
            {
                token[0] = '=';
                token[1] = Hex[b >> 4];
                token[2] = Hex[b & 0xF];
                length = 3;
            }

            // Room for the token, plus the '=' of a soft break unless this token ends the line.
            var limit = last ? MaxLineLength : MaxLineLength - 1;
            if (lineLength + length > limit)
            {
                output.Append("=\r\n");
                lineLength = 0;
            }

            output.Append(token[..length]);
            lineLength += length;
        }
    }
}
