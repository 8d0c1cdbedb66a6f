using System.Text;

namespace JustScale.Auth;

/// <summary>Represents one message of the account flows: a recipient, a subject and a plain-text and an HTML body.</summary>
/// <param name="To">The recipient's address, such as <c>ada@example.com</c>.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="HtmlBody">The HTML body.</param>
/// <remarks>
/// <see cref="ToString"/> shows the recipient and the subject only, never the bodies, which hold one-time links.
/// The recipient and the subject may not contain a line break, which would let a value inject mail headers.
/// </remarks>
public sealed record AuthEmail(string To, string Subject, string TextBody, string HtmlBody)
{
    private readonly string _to = HeaderValue(To, nameof(To));
    private readonly string _subject = HeaderValue(Subject, nameof(Subject));
    private readonly string _textBody = TextBody ?? throw new ArgumentNullException(nameof(TextBody));
    private readonly string _htmlBody = HtmlBody ?? throw new ArgumentNullException(nameof(HtmlBody));

    /// <summary>Gets the recipient's address, such as <c>ada@example.com</c>.</summary>
    public string To { get => _to; init => _to = HeaderValue(value, nameof(To)); }

    /// <summary>Gets the subject line.</summary>
    public string Subject { get => _subject; init => _subject = HeaderValue(value, nameof(Subject)); }

    /// <summary>Gets the plain-text body.</summary>
    public string TextBody { get => _textBody; init => _textBody = value ?? throw new ArgumentNullException(nameof(TextBody)); }

    /// <summary>Gets the HTML body.</summary>
    public string HtmlBody { get => _htmlBody; init => _htmlBody = value ?? throw new ArgumentNullException(nameof(HtmlBody)); }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("To = ").Append(To).Append(", Subject = ").Append(Subject);
        return true;
    }

    private static string HeaderValue(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"A mail {name} may not contain a line break.", name);
        }

        return value;
    }
}
