using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JustScale.Auth;

/// <summary>Writes an <see cref="AuthEmail"/> as an RFC 5322 message: multipart/alternative, quoted-printable UTF-8 parts.</summary>
/// <remarks>
/// Hand-written so that JustScale.Auth needs no MIME library. Headers are ASCII except the addresses, which RFC 6532
/// lets carry UTF-8; a non-ASCII subject or display name becomes RFC 2047 encoded-words. Lines end in CRLF.
/// </remarks>
internal static class MimeMessageWriter
{
    /// <summary>Returns the whole message, headers and body, as UTF-8 bytes.</summary>
    public static byte[] Write(AuthEmail email, string from, DateTimeOffset date)
    {
        // "=_" can never occur in quoted-printable text (an '=' there is always followed by hex or a line break).
        var boundary = $"=_JustScale_{RandomHex(12)}";
        var message = new StringBuilder(email.TextBody.Length + email.HtmlBody.Length + 1024)
            .Append("Date: ").Append(FormatDate(date)).Append("\r\n")
            .Append("From: ").Append(Mailbox(from)).Append("\r\n")
            .Append("To: ").Append(email.To).Append("\r\n")
            .Append("Subject: ").Append(EncodedWords.Header("Subject", email.Subject)).Append("\r\n")
            .Append("Message-ID: <").Append(RandomHex(16)).Append('@').Append(Domain(from)).Append(">\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/alternative;\r\n boundary=\"").Append(boundary).Append("\"\r\n")
            .Append("\r\n")
            .Append("This is a multi-part message in MIME format.\r\n");
        AppendPart(message, boundary, "text/plain", email.TextBody);
        AppendPart(message, boundary, "text/html", email.HtmlBody);
        message.Append("\r\n--").Append(boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(message.ToString());
    }

    /// <summary>Returns the date in the RFC 5322 form, such as <c>Tue, 01 Dec 2026 09:05:03 +0000</c>, in UTC.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Returns lowercase hex of the given number of random bytes.</summary>
    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    // The CRLF before each delimiter belongs to the delimiter (RFC 2046), so a body round-trips byte for byte.
    private static void AppendPart(StringBuilder message, string boundary, string mediaType, string body) =>
        message.Append("\r\n--").Append(boundary).Append("\r\n")
            .Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: quoted-printable\r\n")
            .Append("\r\n")
            .Append(QuotedPrintable.Encode(body));

    // "Name <address>": a non-ASCII display name becomes encoded-words; the address stays as written.
    private static string Mailbox(string from)
    {
        var open = from.LastIndexOf('<');
        if (open <= 0)
        {
            return from;
        }

        var name = from[..open].Trim();
        return EncodedWords.NeedsEncoding(name) ? $"{EncodedWords.Encode(name)} {from[open..]}" : from;
    }

    private static string Domain(string from)
    {
        var address = from.LastIndexOf('<') is var open and >= 0 ? from[(open + 1)..].TrimEnd('>', ' ') : from.Trim();
        var at = address.LastIndexOf('@');
        var domain = at >= 0 ? address[(at + 1)..] : "";
        return domain.Length > 0 && !EncodedWords.NeedsEncoding(domain) ? domain : "localhost";
    }
}
